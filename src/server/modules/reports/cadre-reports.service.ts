import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ResultOf } from '../../../common/api.ts';
import {
  type DraftBody,
  type ReportsQuery,
  type reportsApi,
  SECTION_TITLES,
  type Section,
  type VersionBody,
} from '../../../common/contracts/reports.ts';
import { type Executor, rows } from '../../db/client.ts';
import { reportsCadreReports, reportsVersions } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { type DocxSection, exportDocx } from '../../lib/docx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { convertToPdf, pdfAvailable } from '../../lib/pdf.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { assertMayRead, isDept, mayFinalise, selfOf } from './reports.policy.ts';
import { draftSections, sourceResolves, unfilledSections } from './sources.service.ts';

type ReportView = ResultOf<(typeof reportsApi)['report']>;

interface ReportRow {
  id: string;
  cadre_id: string;
  cadre_name: string;
  unit_name: string | null;
  post: string | null;
  period_from: string;
  period_to: string;
  status: 'draft' | 'final';
  current_version: number;
  created_at: Date | string;
  created_name: string | null;
  updated_at: Date | string;
  updated_name: string | null;
  finalised_at: Date | string | null;
  finalised_name: string | null;
  released_at: Date | string | null;
  released_name: string | null;
}

const when = (d: Date | string) => new Date(d);
const byWhom = (at: Date | string | null, name: string | null) =>
  at ? { at: when(at), byName: name } : null;

const SELECT = sql`select r.id, r.cadre_id, c.name as cadre_name, u.name as unit_name, c.post,
    r.period_from::text as period_from, r.period_to::text as period_to, r.status, r.current_version,
    r.created_at, cu.display_name as created_name, r.updated_at, uu.display_name as updated_name,
    r.finalised_at, fu.display_name as finalised_name, r.released_at, ru.display_name as released_name
  from reports_cadre_reports r
  join org_cadres c on c.id = r.cadre_id
  left join org_units u on u.id = c.unit_id
  left join auth_users cu on cu.id = r.created_by
  left join auth_users uu on uu.id = r.updated_by
  left join auth_users fu on fu.id = r.finalised_by
  left join auth_users ru on ru.id = r.released_by`;

function rowView(r: ReportRow) {
  return {
    id: r.id,
    cadre: { id: r.cadre_id, name: r.cadre_name, unitName: r.unit_name, post: r.post },
    from: r.period_from,
    to: r.period_to,
    status: r.status,
    version: r.current_version,
    released: !!r.released_at,
    updated: { at: when(r.updated_at), byName: r.updated_name },
  };
}
export type ReportRowView = ReturnType<typeof rowView>;

async function loadRow(ex: Executor, id: string): Promise<ReportRow> {
  const [r] = await rows<ReportRow>(ex, sql`${SELECT} where r.id = ${id}`);
  if (!r) throw new AppError('REPORTS_NOT_FOUND');
  return r;
}

interface VersionRow {
  version: number;
  sections: Section[];
  note: string;
  created_at: Date | string;
  created_name: string | null;
}

async function versionsOf(ex: Executor, id: string): Promise<VersionRow[]> {
  return rows<VersionRow>(
    ex,
    sql`select v.version, v.sections, v.note, v.created_at, a.display_name as created_name
        from reports_versions v left join auth_users a on a.id = v.created_by
        where v.report_id = ${id} order by v.version desc`,
  );
}

async function view(ctx: Ctx, r: ReportRow, shown?: number): Promise<ReportView> {
  const versions = await versionsOf(ctx.db, r.id);
  const v = versions.find((x) => x.version === (shown ?? r.current_version));
  if (!v) throw new AppError('REPORTS_VERSION_NOT_FOUND');
  const dept = isDept(ctx.actor);
  const final = r.status === 'final';
  return {
    ...rowView(r),
    shown: v.version,
    // The pages behind the links are the department's; the cadre sees the records named only.
    sections: dept
      ? v.sections
      : v.sections.map((s) => ({
          ...s,
          statements: s.statements.map((st) => ({
            ...st,
            sources: st.sources.map((x) => ({ ...x, link: null })),
          })),
        })),
    versions: versions.map((x) => ({
      version: x.version,
      note: x.note,
      statements: x.sections.reduce((n, s) => n + s.statements.length, 0),
      created: { at: when(x.created_at), byName: x.created_name },
    })),
    created: { at: when(r.created_at), byName: r.created_name },
    finalised: byWhom(r.finalised_at, r.finalised_name),
    releasedInfo: byWhom(r.released_at, r.released_name),
    pdf: await pdfAvailable(),
    can: {
      edit: dept && !final,
      finalise: mayFinalise(ctx.actor) && !final,
      release: mayFinalise(ctx.actor) && final && !r.released_at,
      download: true,
    },
  };
}

/** The reports the reader may see: all for the department, a cadre's own released ones. */
export async function listReports(ctx: Ctx, q: z.infer<typeof ReportsQuery>) {
  const self = isDept(ctx.actor) ? null : selfOf(ctx.actor);
  if (!isDept(ctx.actor) && !self) throw new AppError('REPORTS_NOT_YOURS');
  const where = sql`where true
    ${self ? sql`and r.cadre_id = ${self} and r.released_at is not null` : sql``}
    ${q.cadreId ? sql`and r.cadre_id = ${q.cadreId}` : sql``}
    ${q.status ? sql`and r.status = ${q.status}` : sql``}
    ${q.q ? sql`and (c.name like ${`%${q.q}%`} or u.name like ${`%${q.q}%`})` : sql``}`;
  const [total] = await rows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from reports_cadre_reports r join org_cadres c on c.id = r.cadre_id
        left join org_units u on u.id = c.unit_id ${where}`,
  );
  const found = await rows<ReportRow>(
    ctx.db,
    sql`${SELECT} ${where} order by r.updated_at desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  await recordAudit(ctx, { action: 'reports.list.read', objectType: 'reports_cadre_report' });
  return { items: found.map(rowView), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** Drafts a cadre's 考察材料 from the records of the period (version 1). */
export async function draftReport(ctx: Ctx, body: z.infer<typeof DraftBody>): Promise<ReportView> {
  const [cadre] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from org_cadres where id = ${body.cadreId}`,
  );
  if (!cadre) throw notFound('干部');
  const sections = await draftSections(ctx, { cadreId: body.cadreId, from: body.from, to: body.to });
  const id = await write(ctx, async (tx, audit) => {
    const by = ctx.actor?.userId ?? null;
    const [r] = await tx
      .insert(reportsCadreReports)
      .values({
        cadreId: body.cadreId,
        periodFrom: body.from,
        periodTo: body.to,
        createdBy: by,
        updatedBy: by,
        createdAt: ctx.clock.now(),
        updatedAt: ctx.clock.now(),
      })
      .returning({ id: reportsCadreReports.id });
    await tx.insert(reportsVersions).values({
      reportId: r!.id,
      version: 1,
      sections,
      note: '根据平台记录起草',
      createdBy: by,
      createdAt: ctx.clock.now(),
    });
    audit({ action: 'reports.report.draft', objectType: 'reports_cadre_report', objectId: r!.id });
    return r!.id;
  });
  return view(ctx, await loadRow(ctx.db, id));
}

/** One report (a given version, the latest by default); every read audited. */
export async function getReport(ctx: Ctx, id: string, version?: number): Promise<ReportView> {
  const r = await loadRow(ctx.db, id);
  assertMayRead(ctx.actor, r.cadre_id, !!r.released_at);
  const out = await view(ctx, r, version);
  await recordAudit(ctx, { action: 'reports.report.read', objectType: 'reports_cadre_report', objectId: id });
  return out;
}

/** Saves an edit as the next version; a final report is locked, a stale edit refused. */
export async function editReport(
  ctx: Ctx,
  id: string,
  body: z.infer<typeof VersionBody>,
): Promise<ReportView> {
  // A statement may lose a record link but never gain one that does not point at a record.
  for (const [i, s] of body.sections.entries())
    for (const [j, st] of s.statements.entries())
      for (const [k, ref] of st.sources.entries())
        if (!(await sourceResolves(ctx.db, ref))) {
          const path = `body.sections.${i}.statements.${j}.sources.${k}`;
          throw new AppError('REPORTS_SOURCE_INVALID', undefined, [
            { path, message: `「${ref.label}」不是平台中的记录` },
          ]);
        }
  await write(ctx, async (tx, audit) => {
    const [r] = await tx
      .select()
      .from(reportsCadreReports)
      .where(eq(reportsCadreReports.id, id))
      .for('update');
    if (!r) throw new AppError('REPORTS_NOT_FOUND');
    if (r.status === 'final') throw new AppError('REPORTS_FINAL_LOCKED');
    if (body.baseVersion !== r.currentVersion) throw new AppError('REPORTS_STALE_VERSION');
    const next = r.currentVersion + 1;
    const by = ctx.actor?.userId ?? null;
    await tx.insert(reportsVersions).values({
      reportId: id,
      version: next,
      sections: body.sections,
      note: body.note,
      createdBy: by,
      createdAt: ctx.clock.now(),
    });
    await tx
      .update(reportsCadreReports)
      .set({ currentVersion: next, updatedBy: by, updatedAt: ctx.clock.now() })
      .where(eq(reportsCadreReports.id, id));
    audit({ action: 'reports.report.edit', objectType: 'reports_cadre_report', objectId: id });
  });
  return view(ctx, await loadRow(ctx.db, id));
}

/** A leader finalises the latest version; from then on it is locked. */
export async function finaliseReport(ctx: Ctx, id: string): Promise<ReportView> {
  await write(ctx, async (tx, audit) => {
    const by = ctx.actor?.userId ?? null;
    const [latest] = await tx
      .select({ sections: reportsVersions.sections })
      .from(reportsVersions)
      .innerJoin(reportsCadreReports, eq(reportsCadreReports.id, reportsVersions.reportId))
      .where(
        and(
          eq(reportsVersions.reportId, id),
          eq(reportsVersions.version, reportsCadreReports.currentVersion),
        ),
      );
    const unfilled = latest ? unfilledSections(latest.sections as Section[]) : [];
    if (unfilled.length)
      throw new AppError(
        'REPORTS_UNFILLED',
        `「${unfilled.map((k) => SECTION_TITLES[k]).join('」「')}」仍是待补充的提示，请考察组补充后再定稿`,
      );
    const done = await tx
      .update(reportsCadreReports)
      .set({
        status: 'final',
        finalisedAt: ctx.clock.now(),
        finalisedBy: by,
        updatedAt: ctx.clock.now(),
        updatedBy: by,
      })
      .where(and(eq(reportsCadreReports.id, id), eq(reportsCadreReports.status, 'draft')))
      .returning({ cadreId: reportsCadreReports.cadreId });
    if (!done.length) {
      await loadRow(tx, id);
      throw new AppError('REPORTS_FINAL_LOCKED');
    }
    audit({ action: 'reports.report.finalise', objectType: 'reports_cadre_report', objectId: id });
  });
  return view(ctx, await loadRow(ctx.db, id));
}

/** A leader releases a final report to the cadre it is about (then on their timeline). */
export async function releaseReport(ctx: Ctx, id: string): Promise<ReportView> {
  await write(ctx, async (tx, audit) => {
    const [r] = await tx
      .select()
      .from(reportsCadreReports)
      .where(eq(reportsCadreReports.id, id))
      .for('update');
    if (!r) throw new AppError('REPORTS_NOT_FOUND');
    if (r.status !== 'final') throw new AppError('REPORTS_NOT_FINAL');
    if (r.releasedAt) throw new AppError('REPORTS_ALREADY_RELEASED');
    await tx
      .update(reportsCadreReports)
      .set({ releasedAt: ctx.clock.now(), releasedBy: ctx.actor?.userId ?? null })
      .where(eq(reportsCadreReports.id, id));
    await addTimelineEvent(tx, {
      cadreId: r.cadreId,
      occurredOn: localDay(ctx.clock.now()),
      module: 'reports',
      kind: 'reports.released',
      title: `考察材料（${r.periodFrom} 至 ${r.periodTo}）已发布`,
      recordType: 'reports_cadre_report',
      recordId: id,
      visibility: 'org_self',
      createdBy: ctx.actor?.userId ?? null,
    });
    audit({ action: 'reports.report.release', objectType: 'reports_cadre_report', objectId: id });
  });
  return view(ctx, await loadRow(ctx.db, id));
}

/** The cadre's latest final report (for a promotion proposal), or null. */
export async function latestFinal(
  ctx: Ctx,
  cadreId: string,
): Promise<{ report: ReportRowView | null; pdf: boolean }> {
  if (!isDept(ctx.actor) && selfOf(ctx.actor) !== cadreId) throw new AppError('REPORTS_NOT_YOURS');
  const [r] = await rows<ReportRow>(
    ctx.db,
    sql`${SELECT} where r.cadre_id = ${cadreId} and r.status = 'final'
        ${isDept(ctx.actor) ? sql`` : sql`and r.released_at is not null`}
        order by r.finalised_at desc limit 1`,
  );
  await recordAudit(ctx, {
    action: 'reports.final.read',
    objectType: 'reports_cadre_report',
    objectId: r?.id ?? null,
  });
  return { report: r ? rowView(r) : null, pdf: await pdfAvailable() };
}

/** The Word (or PDF) file of a version; the export is audited by the Word writer. */
export async function reportFile(
  ctx: Ctx,
  id: string,
  q: { version?: number; format: 'docx' | 'pdf' },
): Promise<{ name: string; bytes: Buffer }> {
  const r = await loadRow(ctx.db, id);
  assertMayRead(ctx.actor, r.cadre_id, !!r.released_at);
  const v = (await versionsOf(ctx.db, id)).find((x) => x.version === (q.version ?? r.current_version));
  if (!v) throw new AppError('REPORTS_VERSION_NOT_FOUND');
  if (q.format === 'pdf' && !(await pdfAvailable())) throw new AppError('REPORTS_PDF_UNAVAILABLE');
  const state =
    r.status === 'final' && v.version === r.current_version ? '定稿' : `第 ${v.version} 版（草稿）`;
  const sections: DocxSection[] = [
    {
      paragraphs: [
        `${r.cadre_name}，${[r.unit_name, r.post].filter(Boolean).join('')}。考察期：${r.period_from} 至 ${r.period_to}。${state}。`,
      ],
    },
    ...v.sections.map((s) => ({
      heading: SECTION_TITLES[s.key],
      paragraphs: s.statements.map(
        (st) =>
          `${st.text}${st.sources.length ? `〔依据：${st.sources.map((x) => x.label).join('；')}〕` : ''}`,
      ),
    })),
  ];
  const title = `${r.cadre_name}同志考察材料`;
  const docx = await exportDocx(ctx, { action: 'reports.report.export', title, sections });
  if (q.format === 'docx') return { name: `${title}.docx`, bytes: docx };
  return { name: `${title}.pdf`, bytes: await convertToPdf(docx, 'docx') };
}
