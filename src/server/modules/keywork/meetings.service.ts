import { and, asc, count, desc, eq, gte, ilike, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AttendanceBody,
  MeetingBody,
  MeetingKind,
  MeetingQuery,
  TaskStatus,
} from '../../../common/contracts/keywork.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { keyworkAttendances, keyworkMeetings, keyworkTasks, orgUnits } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { isOrgDept } from '../org/org.policy.ts';
import { actorUnits, meetingsCan } from './keywork.policy.ts';
import { taskOfUnits } from './tasks.service.ts';

/** 市级会议 and the organization department's attendance of them, where key tasks come from. */

type MeetingRow = typeof keyworkMeetings.$inferSelect;
type AttendanceRow = typeof keyworkAttendances.$inferSelect;

function meetingView(m: MeetingRow) {
  return {
    id: m.id,
    kind: m.kind as MeetingKind,
    title: m.title,
    heldOn: m.heldOn,
    host: m.host,
    summary: m.summary,
  };
}

function attendanceView(a: AttendanceRow) {
  return {
    meetingId: a.meetingId,
    attendees: a.attendees,
    anomalies: a.anomalies,
    taskIds: a.taskIds as string[],
    updatedAt: a.updatedAt,
  };
}

// ——— meetings ———

export async function createMeeting(ctx: Ctx, body: MeetingBody) {
  if (body.heldOn > localDay(ctx.clock.now()))
    throw fieldError('heldOn', '会议日期不能晚于今天（先开会，后登记）');
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(keyworkMeetings)
      .values({
        kind: body.kind,
        title: body.title,
        heldOn: body.heldOn,
        host: body.host ?? null,
        summary: body.summary ?? null,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .returning();
    audit({ action: 'keywork.meeting.create', objectType: 'keywork_meeting', objectId: row!.id });
    return meetingView(row!);
  });
}

export async function listMeetings(ctx: Ctx, q: z.infer<typeof MeetingQuery>) {
  const parts = [];
  if (q.kind) parts.push(eq(keyworkMeetings.kind, q.kind));
  if (q.year)
    parts.push(
      gte(keyworkMeetings.heldOn, `${q.year}-01-01`),
      lte(keyworkMeetings.heldOn, `${q.year}-12-31`),
    );
  if (q.q) parts.push(ilike(keyworkMeetings.title, `%${q.q}%`));
  const where = parts.length ? and(...parts) : undefined;
  const org = isOrgDept(ctx.actor);
  const items = await ctx.db
    .select({
      id: keyworkMeetings.id,
      kind: keyworkMeetings.kind,
      title: keyworkMeetings.title,
      heldOn: keyworkMeetings.heldOn,
      host: keyworkMeetings.host,
      tasks:
        sql<number>`(select count(*) from ${keyworkTasks} t where t.meeting_id = ${keyworkMeetings}.id)`.mapWith(
          Number,
        ),
      attended: sql<boolean>`exists (select 1 from ${keyworkAttendances} a where a.meeting_id = ${keyworkMeetings}.id)`,
    })
    .from(keyworkMeetings)
    .where(where)
    .orderBy(desc(keyworkMeetings.heldOn), desc(keyworkMeetings.createdAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(keyworkMeetings).where(where);
  return {
    items: items.map((m) => ({ ...m, kind: m.kind as MeetingKind, attended: org ? m.attended : null })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    can: meetingsCan(ctx.actor),
  };
}

export async function getMeeting(ctx: Ctx, id: string) {
  const [m] = await ctx.db.select().from(keyworkMeetings).where(eq(keyworkMeetings.id, id));
  if (!m) throw notFound('会议');
  const units = actorUnits(ctx.actor);
  const tasks = await ctx.db
    .select({
      id: keyworkTasks.id,
      title: keyworkTasks.title,
      leadUnitName: orgUnits.name,
      status: keyworkTasks.status,
    })
    .from(keyworkTasks)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTasks.leadUnitId))
    .where(and(eq(keyworkTasks.meetingId, id), units ? taskOfUnits(units) : undefined))
    .orderBy(asc(keyworkTasks.title));
  // What the organization department learned there is its own record.
  let attendance = null;
  if (isOrgDept(ctx.actor)) {
    const [a] = await ctx.db.select().from(keyworkAttendances).where(eq(keyworkAttendances.meetingId, id));
    attendance = a ? attendanceView(a) : null;
  }
  return {
    ...meetingView(m),
    tasks: tasks.map((t) => ({ ...t, status: t.status as TaskStatus })),
    attendance,
    can: { attend: meetingsCan(ctx.actor).attend },
  };
}

/** Records (or corrects) the organization department's attendance of a meeting. */
export async function saveAttendance(ctx: Ctx, meetingId: string, body: z.infer<typeof AttendanceBody>) {
  return write(ctx, async (tx, audit) => {
    const [m] = await tx.select().from(keyworkMeetings).where(eq(keyworkMeetings.id, meetingId));
    if (!m) throw notFound('会议');
    const taskIds = [...new Set(body.taskIds)];
    if (taskIds.length) {
      const found = await tx
        .select({ id: keyworkTasks.id })
        .from(keyworkTasks)
        .where(inArray(keyworkTasks.id, taskIds));
      if (found.length !== taskIds.length)
        throw new AppError('REFERENCE_INVALID', '所选重点任务不存在', [
          { path: 'body.taskIds', message: '所选重点任务不存在' },
        ]);
    }
    const values = {
      attendees: body.attendees,
      anomalies: body.anomalies,
      taskIds,
      updatedAt: ctx.clock.now(),
      updatedBy: ctx.actor?.userId,
    };
    const [row] = await tx
      .insert(keyworkAttendances)
      .values({ ...values, meetingId, createdBy: ctx.actor?.userId })
      .onConflictDoUpdate({ target: keyworkAttendances.meetingId, set: values })
      .returning();
    audit({ action: 'keywork.attendance.save', objectType: 'keywork_meeting', objectId: meetingId });
    return attendanceView(row!);
  });
}
