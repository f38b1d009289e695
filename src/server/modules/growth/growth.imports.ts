import { and, eq } from 'drizzle-orm';
import { MEASURE_LABELS, MEASURES, type Measure } from '../../../common/contracts/growth.ts';
import type { Executor } from '../../db/client.ts';
import { growthMeasures, growthResources, orgCadres, orgUnits } from '../../db/schema/index.ts';
import { defineImporter } from '../imports/imports.engine.ts';
import { unitsOn } from './measures.service.ts';
import { quarterBounds } from './quarters.ts';

/**
 * History and conditions for the analysis, through the shared import engine: outcome measures of
 * earlier quarters (年度考核等次, quarterly results before the platform), and each unit's resources
 * per year (外部资源加持). Importing the same file twice changes nothing; a changed value updates.
 */

const MEASURE_BY_LABEL = new Map<string, Measure>(MEASURES.map((m) => [MEASURE_LABELS[m], m]));
/** 年度考核等次 as a measure: 优秀 90, 称职 75, 基本称职 55, 不称职 30. */
const GRADES: Record<string, number> = { 优秀: 90, 称职: 75, 基本称职: 55, 不称职: 30 };

interface MeasureRow {
  cadreId: string;
  unitId: string;
  quarter: string;
  measure: Measure;
  value: number;
}

defineImporter<
  MeasureRow,
  { cadres: Map<string, string>; units: Map<string, string> },
  Record<string, never>
>({
  kind: 'growth.measures',
  title: '历史实绩（季度考核结果）',
  permission: 'growth.manage',
  accept: ['xlsx', 'csv'],
  notes: [
    `实绩项目填写：${MEASURES.map((m) => MEASURE_LABELS[m]).join('、')}。`,
    '数值为 0–100 的得分；“年度考核”也可填写等次（优秀、称职、基本称职、不称职），记入当年第四季度。',
    '单位留空时，按该季度末的任职记录确定所在单位。',
  ],
  columns: [
    { key: 'cadre', title: '人员编号', required: true, example: 'C0001' },
    {
      key: 'quarter',
      title: '季度',
      required: true,
      example: '2025Q4',
      note: '如 2025Q4；年度考核可填 2025',
    },
    { key: 'measure', title: '实绩项目', required: true, example: '年度考核' },
    { key: 'value', title: '得分或等次', required: true, example: '优秀' },
    { key: 'unit', title: '单位', example: '', note: '单位全称或编码，可留空' },
  ],
  async prepare(ex: Executor) {
    const cadres = await ex.select({ id: orgCadres.id, code: orgCadres.code }).from(orgCadres);
    const units = await ex
      .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
      .from(orgUnits);
    const u = new Map<string, string>();
    for (const x of units) {
      u.set(x.name, x.id);
      u.set(x.code, x.id);
    }
    return { cadres: new Map(cadres.map((c) => [c.code, c.id])), units: u };
  },
  parse(raw, prep) {
    const issues: { column: string; message: string }[] = [];
    const cadreId = prep.cadres.get((raw.cadre ?? '').trim());
    if (!cadreId) issues.push({ column: '人员编号', message: `人员编号“${raw.cadre ?? ''}”不在干部名册中` });
    const measure = MEASURE_BY_LABEL.get((raw.measure ?? '').trim());
    if (!measure)
      issues.push({
        column: '实绩项目',
        message: `应为：${MEASURES.map((m) => MEASURE_LABELS[m]).join('、')}`,
      });
    let quarter = (raw.quarter ?? '').trim().toUpperCase();
    if (/^\d{4}$/.test(quarter) && measure === 'annual') quarter = `${quarter}Q4`;
    if (!/^\d{4}Q[1-4]$/.test(quarter)) issues.push({ column: '季度', message: '季度应写作 2025Q4' });
    const text = (raw.value ?? '').trim();
    const value = text in GRADES ? GRADES[text]! : Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || value > 100)
      issues.push({ column: '得分或等次', message: `应为 0–100 的数值或考核等次，实际为“${text}”` });
    const unitText = (raw.unit ?? '').trim();
    const unitId = unitText ? prep.units.get(unitText) : '';
    if (unitText && !unitId) issues.push({ column: '单位', message: `单位“${unitText}”不存在` });
    if (issues.length) return { issues };
    return { row: { cadreId: cadreId!, unitId: unitId ?? '', quarter, measure: measure!, value } };
  },
  key: (r) => `${r.cadreId}|${r.quarter}|${r.measure}`,
  async apply(ctx, tx, audit, rows, _options, batchId) {
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const unitsAt = new Map<string, Map<string, string>>();
    for (const r of rows) {
      let unitId = r.unitId;
      if (!unitId) {
        if (!unitsAt.has(r.quarter)) unitsAt.set(r.quarter, await unitsOn(tx, quarterBounds(r.quarter).end));
        unitId = unitsAt.get(r.quarter)!.get(r.cadreId) ?? '';
      }
      const [old] = await tx
        .select()
        .from(growthMeasures)
        .where(
          and(
            eq(growthMeasures.cadreId, r.cadreId),
            eq(growthMeasures.quarter, r.quarter),
            eq(growthMeasures.measure, r.measure),
          ),
        );
      if (old && old.source === 'platform') {
        // The platform's own records win over an imported figure for the same quarter.
        unchanged++;
        continue;
      }
      if (old && Number(old.value) === r.value && old.unitId === (unitId || null)) {
        unchanged++;
        continue;
      }
      const values = {
        cadreId: r.cadreId,
        unitId: unitId || null,
        quarter: r.quarter,
        measure: r.measure,
        value: String(r.value),
        source: 'import',
        trace: [{ type: 'import_batch', id: batchId, label: '历史考核结果导入', link: null }],
        importBatchId: batchId,
        createdBy: ctx.actor?.userId ?? null,
      };
      if (old) {
        await tx.update(growthMeasures).set(values).where(eq(growthMeasures.id, old.id));
        updated++;
      } else {
        await tx.insert(growthMeasures).values(values);
        inserted++;
      }
    }
    audit({ action: 'growth.measures.import', objectType: 'growth_measure', objectId: null });
    return { inserted, updated, unchanged };
  },
});

interface ResourceRow {
  unitId: string;
  year: number;
  postsBudgeted: number;
  postsFilled: number;
  budget: number;
  investment: number;
  economicBase: number;
}

const num = (v: string | undefined) => (v?.trim() ? Number(v.trim()) : Number.NaN);

defineImporter<ResourceRow, Map<string, string>, Record<string, never>>({
  kind: 'growth.resources',
  title: '单位资源与条件',
  permission: 'growth.manage',
  accept: ['xlsx', 'csv'],
  notes: [
    '每个单位每年一行：编制数、实有人数、年度预算（万元）、引进投资（万元）、所在区域经济基础指数（全市 = 100）。',
  ],
  columns: [
    { key: 'unit', title: '单位', required: true, example: '市发展和改革委员会' },
    { key: 'year', title: '年度', required: true, example: '2025', type: 'integer' },
    { key: 'budgeted', title: '编制数', required: true, example: '32', type: 'integer' },
    { key: 'filled', title: '实有人数', required: true, example: '29', type: 'integer' },
    { key: 'budget', title: '年度预算（万元）', required: true, example: '1850', type: 'number' },
    { key: 'investment', title: '引进投资（万元）', required: true, example: '0', type: 'number' },
    { key: 'base', title: '经济基础指数', required: true, example: '100', type: 'number' },
  ],
  async prepare(ex: Executor) {
    const units = await ex
      .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
      .from(orgUnits);
    const m = new Map<string, string>();
    for (const u of units) {
      m.set(u.name, u.id);
      m.set(u.code, u.id);
    }
    return m;
  },
  parse(raw, units) {
    const issues: { column: string; message: string }[] = [];
    const unitId = units.get((raw.unit ?? '').trim());
    if (!unitId) issues.push({ column: '单位', message: `单位“${raw.unit ?? ''}”不存在` });
    const year = num(raw.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      issues.push({ column: '年度', message: '年度应为四位年份' });
    const fields: [string, string, number, number][] = [
      ['budgeted', '编制数', 0, 100000],
      ['filled', '实有人数', 0, 100000],
      ['budget', '年度预算（万元）', 0, 1e9],
      ['investment', '引进投资（万元）', 0, 1e9],
      ['base', '经济基础指数', 0, 10000],
    ];
    const v: Record<string, number> = {};
    for (const [key, title, lo, hi] of fields) {
      v[key] = num(raw[key]);
      if (!Number.isFinite(v[key]) || v[key]! < lo || v[key]! > hi)
        issues.push({ column: title, message: `应为 ${lo}–${hi} 的数值，实际为“${raw[key] ?? ''}”` });
    }
    if (issues.length) return { issues };
    return {
      row: {
        unitId: unitId!,
        year,
        postsBudgeted: Math.round(v.budgeted!),
        postsFilled: Math.round(v.filled!),
        budget: v.budget!,
        investment: v.investment!,
        economicBase: v.base!,
      },
    };
  },
  key: (r) => `${r.unitId}|${r.year}`,
  async apply(ctx, tx, audit, rows, _options, batchId) {
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const r of rows) {
      const values = {
        unitId: r.unitId,
        year: r.year,
        postsBudgeted: r.postsBudgeted,
        postsFilled: r.postsFilled,
        budget: String(r.budget),
        investment: String(r.investment),
        economicBase: String(r.economicBase),
        importBatchId: batchId,
        createdBy: ctx.actor?.userId ?? null,
      };
      const [old] = await tx
        .select()
        .from(growthResources)
        .where(and(eq(growthResources.unitId, r.unitId), eq(growthResources.year, r.year)));
      if (!old) {
        await tx.insert(growthResources).values(values);
        inserted++;
      } else if (
        old.postsBudgeted === r.postsBudgeted &&
        old.postsFilled === r.postsFilled &&
        Number(old.budget) === r.budget &&
        Number(old.investment) === r.investment &&
        Number(old.economicBase) === r.economicBase
      ) {
        unchanged++;
      } else {
        await tx.update(growthResources).set(values).where(eq(growthResources.id, old.id));
        updated++;
      }
    }
    audit({ action: 'growth.resources.import', objectType: 'growth_resource', objectId: null });
    return { inserted, updated, unchanged };
  },
});
