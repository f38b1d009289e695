import { z } from 'zod';
import { Day } from '../../../common/contracts/org.ts';
import type { App } from '../../http/types.ts';
import * as calendar from './calendar.service.ts';

const tags = ['org 工作日历'];

const yearRange = `年份应在 ${calendar.MIN_YEAR} 至 ${calendar.MAX_YEAR} 之间`;
const CalendarYearQuery = z.object({
  year: z.coerce
    .number({ message: '年份应为数字' })
    .int('年份应为整数')
    .min(calendar.MIN_YEAR, yearRange)
    .max(calendar.MAX_YEAR, yearRange)
    .optional(),
});
const CalendarDayParams = z.object({ day: Day });
const CalendarDayBody = z.object({
  kind: z.enum(calendar.CALENDAR_KINDS, { message: '类型应为“节假日”或“调休上班”' }),
  name: z.string().trim().min(1, '请填写名称').max(30, '名称不能超过 30 个字'),
  source: z.string().trim().max(200, '来源不能超过 200 个字').nullish(),
});
const WorkingTimeQuery = z.object({ from: Day, to: Day });

/** Routes of the working-day calendar: everyone reads it, the organization department edits it. */
export async function calendarRoutes(app: App) {
  app.get(
    '/api/org/calendar',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '某年的节假日与调休安排（默认今年）', querystring: CalendarYearQuery },
    },
    async (req) => {
      const year = req.query.year ?? Number(calendar.localDay(req.ctx.clock.now()).slice(0, 4));
      return calendar.calendarOfYear(req.ctx.db, year);
    },
  );

  app.get(
    '/api/org/calendar/working-days',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '两个日期之间（含首尾）的工作日数和工时', querystring: WorkingTimeQuery },
    },
    async (req) => calendar.workingTime(req.ctx.db, req.query.from, req.query.to),
  );

  app.put(
    '/api/org/calendar/:day',
    {
      config: { access: 'org.calendar.manage' },
      schema: {
        tags,
        summary: '登记或修改某日（节假日或调休上班）',
        params: CalendarDayParams,
        body: CalendarDayBody,
      },
    },
    async (req) => calendar.upsertCalendarDay(req.ctx, { day: req.params.day, ...req.body }),
  );

  app.delete(
    '/api/org/calendar/:day',
    {
      config: { access: 'org.calendar.manage' },
      schema: { tags, summary: '删除某日的登记（恢复按周一至周五计）', params: CalendarDayParams },
    },
    async (req) => {
      await calendar.deleteCalendarDay(req.ctx, req.params.day);
      return { ok: true };
    },
  );
}
