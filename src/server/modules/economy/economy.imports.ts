import { localDay } from '../../lib/time.ts';
import { defineImporter } from '../imports/imports.engine.ts';
import {
  deliverValues,
  type FeedLookup,
  feedLookup,
  providerDepartment,
  type ResolvedValue,
  resolveRow,
} from './values.service.ts';

/**
 * 指标数据: a department's values per indicator, region or unit, and period. The uploader's
 * department (a data provider) may deliver only its own indicators; the joint office any.
 * The same file twice changes nothing; a changed value becomes a revision.
 */
defineImporter<ResolvedValue, FeedLookup, Record<string, never>>({
  kind: 'economy.values',
  title: '经济指标数据',
  permission: 'economy.feed',
  accept: ['xlsx', 'csv'],
  chunkSize: 500,
  maxRows: 200_000,
  notes: [
    '区域填辖区或乡镇街道的名称或代码；按单位统计的指标填单位而不填区域。',
    '期别：月度 2026-03，季度 2026-Q1，年度 2026；尚未结束的期别不能报送。',
    '同一文件再次导入不改变任何数据；数值变化的记为修订，原值和报送人保留可查。',
  ],
  columns: [
    { key: 'indicator', title: '指标编码', required: true, example: 'GDP_GROWTH', note: '见指标目录' },
    { key: 'region', title: '区域', example: '玉环市' },
    { key: 'unit', title: '单位', example: '' },
    { key: 'period', title: '期别', required: true, example: '2026-03', kind: 'month' },
    { key: 'value', title: '数值', required: true, example: '6.8', type: 'number' },
  ],
  async prepare(ex, _o, actor, now) {
    return feedLookup(ex, providerDepartment(actor), localDay(now));
  },
  parse(raw, lookup) {
    const r = resolveRow(
      {
        indicator: raw.indicator ?? '',
        region: raw.region,
        unit: raw.unit,
        period: raw.period ?? '',
        value: raw.value ?? '',
      },
      lookup,
    );
    return r.value ? { row: r.value } : { issues: r.issues };
  },
  key: (r) => `${r.indicatorId}|${r.regionId ?? ''}|${r.unitId ?? ''}|${r.period}`,
  async apply(ctx, tx, audit, rows, _o, batchId) {
    const r = await deliverValues(ctx, tx, rows, {
      via: 'upload',
      userId: ctx.actor?.userId ?? null,
      apiKeyId: null,
      importBatchId: batchId,
      department: providerDepartment(ctx.actor),
    });
    audit({ action: 'economy.values.import', objectType: 'economy_values', objectId: null });
    return { inserted: r.inserted, updated: r.revised, unchanged: r.unchanged };
  },
});
