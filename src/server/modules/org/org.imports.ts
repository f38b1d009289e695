import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { Day } from '../../../common/contracts/org.ts';
import { Uuid } from '../../../common/contracts/page.ts';
import type { Executor } from '../../db/client.ts';
import { orgCadres, orgDictItems, orgUnits } from '../../db/schema/index.ts';
import { AMBIGUOUS, matchDate, validParts } from '../../lib/cell-dates.ts';
import { localDay } from '../../lib/time.ts';
import { defineImporter } from '../imports/imports.engine.ts';
import { insertCadres } from './cadres.service.ts';
import { parseLrmx } from './lrmx.ts';

type CadreRow = typeof orgCadres.$inferSelect;

interface Prep {
  units: Map<string, { id: string; name: string }>;
  ranks: Map<string, string>;
  roleTypes: Map<string, string>;
  byCode: Map<string, CadreRow>;
  byNameBirth: Map<string, CadreRow>;
}

/** Looks a dictionary entry up by code or by name; returns its code. */
function dictLookup(map: Map<string, string>, text: string): string | undefined {
  if (!text) return undefined;
  for (const [code, name] of map) if (code === text || name === text) return code;
  return undefined;
}

async function prepare(ex: Executor): Promise<Prep> {
  const units = new Map<string, { id: string; name: string }>();
  for (const u of await ex
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
    .from(orgUnits)) {
    units.set(u.name, u);
    units.set(u.code, u);
  }
  const dict = await ex.select().from(orgDictItems);
  const ranks = new Map(dict.filter((d) => d.kind === 'rank').map((d) => [d.code, d.name]));
  const roleTypes = new Map(dict.filter((d) => d.kind === 'role_type').map((d) => [d.code, d.name]));
  const cadres = await ex.select().from(orgCadres);
  return {
    units,
    ranks,
    roleTypes,
    byCode: new Map(cadres.map((c) => [c.code, c])),
    byNameBirth: new Map(cadres.map((c) => [`${c.name}|${c.birthYear}|${c.birthMonth ?? ''}`, c])),
  };
}

/** 出生年月 as people write it: 1978-05, 1978.05, 197805, 1978年5月, 1978 (1978.1 could be January or October: refused). */
export function parseBirth(text: string): { year: number; month: number | null } | null {
  const p = matchDate(text);
  if (!p || p === AMBIGUOUS || !validParts(p)) return null;
  if (p.year < 1940 || p.year > 2010) return null;
  return { year: p.year, month: p.month };
}

const YES = new Set(['是', '1', 'Y', 'y', 'true', '√']);

interface ImportRow {
  code: string;
  name: string;
  sex: '男' | '女';
  birthYear: number;
  birthMonth: number | null;
  ethnicity: string | null;
  education: string | null;
  resume: string | null;
  unitId: string;
  post: string;
  teamPlace: '正职' | '副职' | '成员';
  rankCode: string | null;
  roleTypeCode: string | null;
  young: boolean;
  startsOn: string;
  existingId: string | null;
}

/** The fields an import may update on an existing cadre (placement changes go through 任免). */
const BASIC: (keyof ImportRow & keyof CadreRow)[] = [
  'name',
  'sex',
  'birthYear',
  'birthMonth',
  'ethnicity',
  'education',
  'young',
];

async function applyRows(
  ctx: Parameters<Parameters<typeof defineImporter>[0]['apply']>[0],
  tx: Parameters<Parameters<typeof defineImporter>[0]['apply']>[1],
  audit: Parameters<Parameters<typeof defineImporter>[0]['apply']>[2],
  rows: ImportRow[],
) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  // One look-up for the chunk; new people are inserted together at the end.
  const existing = await tx
    .select()
    .from(orgCadres)
    .where(
      inArray(
        orgCadres.code,
        rows.map((r) => r.code),
      ),
    );
  const byCode = new Map(existing.map((c) => [c.code, c]));
  const fresh: ImportRow[] = [];
  for (const r of rows) {
    const cur = byCode.get(r.code);
    if (!cur) {
      fresh.push(r);
      continue;
    }
    const patch: Record<string, unknown> = {};
    for (const k of BASIC) if (r[k] !== cur[k]) patch[k] = r[k];
    if (r.resume && r.resume !== cur.resume) patch.resume = r.resume;
    if (Object.keys(patch).length === 0) {
      counts.unchanged += 1;
      continue;
    }
    await tx
      .update(orgCadres)
      .set({ ...patch, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId ?? null })
      .where(eq(orgCadres.id, cur.id));
    audit({ action: 'org.cadre.update', objectType: 'cadre', objectId: cur.id });
    counts.updated += 1;
  }
  await insertCadres(
    ctx,
    tx,
    audit,
    fresh.map((r) => ({ ...r, tags: [] })),
  );
  counts.inserted = fresh.length;
  return counts;
}

/** Refuses a row that would move an existing cadre: that is an appointment, not an import. */
function placementIssue(cur: CadreRow | undefined, r: Pick<ImportRow, 'unitId' | 'post' | 'teamPlace'>) {
  if (!cur) return null;
  if (cur.unitId !== r.unitId || cur.post !== r.post || cur.teamPlace !== r.teamPlace) {
    return '单位、职务或班子位置与系统记录不一致：请在干部详情页办理调动或职务变动，导入只更新基本信息';
  }
  return null;
}

// 干部名册 (xlsx / csv): creates new cadres with their first appointment, updates basic fields.
defineImporter<ImportRow, Prep, Record<string, never>>({
  kind: 'org.cadres',
  title: '干部名册',
  permission: 'org.import',
  accept: ['xlsx', 'csv'],
  columns: [
    {
      key: 'code',
      title: '人员编号',
      required: true,
      example: 'YH2026001',
      note: '唯一编号；再次导入同一编号只更新基本信息',
    },
    { key: 'name', title: '姓名', required: true, example: '张某某' },
    { key: 'sex', title: '性别', required: true, example: '男', note: '男 或 女' },
    {
      key: 'birth',
      title: '出生年月',
      required: true,
      example: '1985-06',
      note: '如 1985-06、198506、1985.06、1985年6月；本列为文本格式',
      kind: 'month',
    },
    { key: 'ethnicity', title: '民族', example: '汉族' },
    { key: 'education', title: '学历', example: '大学（管理学学士）' },
    { key: 'unit', title: '单位', required: true, example: '市发展和改革局', note: '单位全称或单位代码' },
    { key: 'post', title: '职务', required: true, example: '副局长' },
    { key: 'teamPlace', title: '班子位置', required: true, example: '副职', note: '正职、副职 或 成员' },
    { key: 'rank', title: '职级', example: '副科级', note: '职级字典中的名称或编码' },
    { key: 'roleType', title: '角色类型', example: '经济综合', note: '角色类型字典中的名称或编码' },
    { key: 'young', title: '年轻干部', example: '否', note: '是 或 否' },
    {
      key: 'startsOn',
      title: '任职日期',
      required: true,
      example: '2024-03-01',
      note: '如 2024-03-01、2024.3.1、2024年3月1日',
      kind: 'day',
    },
  ],
  prepare: (ex) => prepare(ex),
  parse(raw, prep) {
    const issues: { column: string; message: string }[] = [];
    const need = (key: string, title: string) => {
      if (!raw[key]) issues.push({ column: title, message: `${title}不能为空` });
      return raw[key] ?? '';
    };
    const code = need('code', '人员编号');
    const name = need('name', '姓名');
    const sexText = need('sex', '性别');
    const birthText = need('birth', '出生年月');
    const unitText = need('unit', '单位');
    const post = need('post', '职务');
    const teamPlace = need('teamPlace', '班子位置');
    const startsOn = need('startsOn', '任职日期');
    if (sexText && sexText !== '男' && sexText !== '女')
      issues.push({ column: '性别', message: `性别应为 男 或 女，而不是“${sexText}”` });
    const birth = birthText ? parseBirth(birthText) : null;
    if (birthText && !birth)
      issues.push({ column: '出生年月', message: `出生年月“${birthText}”无法识别或不合理` });
    const unit = unitText ? prep.units.get(unitText) : undefined;
    if (unitText && !unit) issues.push({ column: '单位', message: `单位“${unitText}”不存在` });
    if (teamPlace && !['正职', '副职', '成员'].includes(teamPlace)) {
      issues.push({ column: '班子位置', message: `班子位置应为 正职、副职 或 成员，而不是“${teamPlace}”` });
    }
    const rankCode = dictLookup(prep.ranks, raw.rank ?? '');
    if (raw.rank && !rankCode) issues.push({ column: '职级', message: `职级“${raw.rank}”不在职级字典中` });
    const roleTypeCode = dictLookup(prep.roleTypes, raw.roleType ?? '');
    if (raw.roleType && !roleTypeCode)
      issues.push({ column: '角色类型', message: `角色类型“${raw.roleType}”不在字典中` });
    if (startsOn && !Day.safeParse(startsOn).success)
      issues.push({ column: '任职日期', message: `任职日期“${startsOn}”应为 YYYY-MM-DD` });
    if (raw.young && !YES.has(raw.young) && raw.young !== '否')
      issues.push({ column: '年轻干部', message: '年轻干部应填 是 或 否' });
    if (code.length > 30) issues.push({ column: '人员编号', message: '人员编号不能超过 30 个字符' });
    if (name.length > 30) issues.push({ column: '姓名', message: '姓名不能超过 30 个字' });
    if (issues.length || !birth || !unit) return { issues };
    const existing = prep.byCode.get(code);
    const row: ImportRow = {
      code,
      name,
      sex: sexText as '男' | '女',
      birthYear: birth.year,
      birthMonth: birth.month,
      ethnicity: raw.ethnicity || null,
      education: raw.education || null,
      resume: null,
      unitId: unit.id,
      post,
      teamPlace: teamPlace as '正职',
      rankCode: rankCode ?? null,
      roleTypeCode: roleTypeCode ?? null,
      young: YES.has(raw.young ?? ''),
      startsOn,
      existingId: existing?.id ?? null,
    };
    const moved = placementIssue(existing, row);
    if (moved) return { issues: [{ column: '单位', message: moved }] };
    return { row };
  },
  key: (r) => r.code,
  apply: (ctx, tx, audit, rows) => applyRows(ctx, tx, audit, rows),
});

const LrmxOptions = z.object({
  unitId: Uuid,
  teamPlace: z.enum(['正职', '副职', '成员']).optional(),
  startsOn: Day.optional(),
});

/** 正职 / 副职 from the wording of the post when the form does not say. */
export function teamPlaceOf(post: string): '正职' | '副职' | '成员' {
  if (/副/.test(post)) return '副职';
  if (/(书记|局长|主任|部长|镇长|乡长|县长|市长|董事长|总经理|主席|会长|院长|校长|馆长|社长)/.test(post))
    return '正职';
  return '成员';
}

// 干部任免审批表 (.lrmx, several at once): people come into the chosen unit.
defineImporter<ImportRow, Prep, z.infer<typeof LrmxOptions>>({
  kind: 'org.cadres.lrmx',
  title: '干部任免审批表',
  permission: 'org.import',
  accept: ['lrmx'],
  options: LrmxOptions,
  columns: [],
  readFile(name, bytes) {
    const c = parseLrmx(bytes, name);
    return {
      file: name,
      name: c.name,
      sex: c.sex,
      birthYear: String(c.birthYear),
      birthMonth: c.birthMonth ? String(c.birthMonth) : '',
      ethnicity: c.ethnicity ?? '',
      education: c.education ?? '',
      post: c.currentPost ?? '',
      rank: c.rank ?? '',
      resume: c.resume ?? '',
    };
  },
  prepare: (ex) => prepare(ex),
  parse(raw, prep, options) {
    const unit = [...prep.units.values()].find((u) => u.id === options.unitId);
    if (!unit) return { issues: [{ column: '单位', message: '所选单位不存在' }] };
    const post = (raw.post ?? '').replace(new RegExp(`^${unit.name}`), '') || '';
    if (!post)
      return {
        issues: [{ column: '现任职务', message: `${raw.file}：任免审批表没有“现任职务”，无法确定职务` }],
      };
    const rankCode = dictLookup(prep.ranks, raw.rank ?? '');
    const birthYear = Number(raw.birthYear);
    const birthMonth = raw.birthMonth ? Number(raw.birthMonth) : null;
    const existing = prep.byNameBirth.get(`${raw.name}|${birthYear}|${birthMonth ?? ''}`);
    const row: ImportRow = {
      code: existing?.code ?? `LRMX-${raw.name}-${birthYear}${String(birthMonth ?? 0).padStart(2, '0')}`,
      name: raw.name!,
      sex: raw.sex as '男',
      birthYear,
      birthMonth,
      ethnicity: raw.ethnicity || null,
      education: raw.education || null,
      resume: raw.resume || null,
      unitId: unit.id,
      post,
      teamPlace: options.teamPlace ?? teamPlaceOf(post),
      rankCode: rankCode ?? existing?.rankCode ?? null,
      roleTypeCode: existing?.roleTypeCode ?? null,
      young: existing?.young ?? false,
      startsOn: options.startsOn ?? localDay(new Date()),
      existingId: existing?.id ?? null,
    };
    const moved = existing ? placementIssue(existing, row) : null;
    if (moved) return { issues: [{ column: '现任职务', message: `${raw.file}：${moved}` }] };
    return { row };
  },
  key: (r) => `${r.name}|${r.birthYear}|${r.birthMonth ?? ''}`,
  apply: (ctx, tx, audit, rows) => applyRows(ctx, tx, audit, rows),
});
