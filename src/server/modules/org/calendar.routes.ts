import { orgApi } from '../../../common/contracts/org.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as calendar from './calendar.service.ts';

const tags = ['org 工作日历'];

const { calendarYear, workingTime, setCalendarDay, deleteCalendarDay } = orgApi;

/** Routes of the working-day calendar: everyone reads it, the organization department edits it. */
export async function calendarRoutes(app: App) {
  routes(
    app,
    tags,
    { calendarYear, workingTime, setCalendarDay, deleteCalendarDay },
    {
      calendarYear: ({ ctx, query }) => {
        const year = query.year ?? Number(calendar.localDay(ctx.clock.now()).slice(0, 4));
        return calendar.calendarOfYear(ctx.db, ctx.actor, year);
      },
      workingTime: ({ ctx, query }) => calendar.workingTime(ctx.db, query.from, query.to),
      setCalendarDay: ({ ctx, params, body }) =>
        calendar.upsertCalendarDay(ctx, { day: params.day, ...body }),
      deleteCalendarDay: async ({ ctx, params }) => {
        await calendar.deleteCalendarDay(ctx, params.day);
        return undefined;
      },
    },
  );
}
