import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { LIST_GROUPS, RATER_GROUP_LABELS, type RaterGroup } from '../../../common/contracts/opinion.ts';
import { Uuid } from '../../../common/contracts/page.ts';
import type { Executor } from '../../db/client.ts';
import {
  opinionCampaignCadres,
  opinionCampaigns,
  opinionLinks,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { defineImporter } from '../imports/imports.engine.ts';
import { insertLinks } from './campaign-links.service.ts';

/**
 * 评价者名单: raters the registry does not hold — a unit's staff (下级评议) and the enterprises
 * and people it serves (服务对象反向评价). Each row makes 份数 personal links, rating the unit's
 * cadres in the campaign, or one named cadre. Importing the same file again adds nothing.
 */

interface Prep {
  units: Map<string, { id: string; name: string }>;
  /** unit id → cadres of the campaign in it */
  cadresByUnit: Map<string, string[]>;
  /** cadre code or name|unit → id, for cadres in the campaign */
  cadres: Map<string, { id: string; unitId: string | null }>;
  groups: Set<string>;
}

interface Row {
  unitId: string;
  group: RaterGroup;
  label: string;
  cadreIds: string[];
  copies: number;
}

const GROUP_BY_LABEL = new Map(LIST_GROUPS.map((g) => [RATER_GROUP_LABELS[g], g]));
const Options = z.object({ campaignId: Uuid });

defineImporter<Row, Prep, z.infer<typeof Options>>({
  kind: 'opinion.raters',
  title: '评价者名单',
  permission: 'opinion.manage',
  accept: ['xlsx', 'csv'],
  options: Options,
  notes: [
    '评价者组填写 下级评议 或 服务对象反向评价；上级评价和同级互评由系统按干部库规则产生。',
    '每行产生“份数”个一次性评价链接；评价对象留空时评价该单位参加本次测评的全部干部。',
    '同一文件再次导入不会重复产生链接；把份数改大后导入只补足差额。',
  ],
  columns: [
    { key: 'unit', title: '单位', required: true, example: '市发展和改革委员会', note: '单位全称或编码' },
    { key: 'group', title: '评价者组', required: true, example: '下级评议' },
    {
      key: 'label',
      title: '评价者',
      required: true,
      example: '机关干部职工',
      note: '发放单上的称呼，不必写姓名',
    },
    { key: 'cadre', title: '评价对象', example: '', note: '人员编号；留空 = 本单位全部参评干部' },
    { key: 'copies', title: '份数', example: '20', note: '1–500，默认 1', type: 'integer' },
  ],
  async prepare(ex: Executor, o) {
    const [c] = await ex.select().from(opinionCampaigns).where(eq(opinionCampaigns.id, o.campaignId));
    if (!c) throw new AppError('NOT_FOUND', '测评不存在');
    if (c.status === 'closed') throw new AppError('CONFLICT', '该测评已结束，不能再导入评价者');
    const scope = await ex
      .select({
        cadreId: opinionCampaignCadres.cadreId,
        unitId: opinionCampaignCadres.unitId,
        code: orgCadres.code,
      })
      .from(opinionCampaignCadres)
      .innerJoin(orgCadres, eq(orgCadres.id, opinionCampaignCadres.cadreId))
      .where(eq(opinionCampaignCadres.campaignId, o.campaignId));
    const unitRows = await ex
      .select({ id: orgUnits.id, name: orgUnits.name, code: orgUnits.code })
      .from(orgUnits);
    const units = new Map<string, { id: string; name: string }>();
    for (const u of unitRows) {
      units.set(u.name, u);
      units.set(u.code, u);
    }
    const cadresByUnit = new Map<string, string[]>();
    const cadres = new Map<string, { id: string; unitId: string | null }>();
    for (const s of scope) {
      if (s.unitId) cadresByUnit.set(s.unitId, [...(cadresByUnit.get(s.unitId) ?? []), s.cadreId]);
      cadres.set(s.code, { id: s.cadreId, unitId: s.unitId });
    }
    return {
      units,
      cadresByUnit,
      cadres,
      groups: new Set((c.groups as { group: string }[]).map((g) => g.group)),
    };
  },
  parse(raw, prep) {
    const issues: { column: string; message: string }[] = [];
    const unit = prep.units.get((raw.unit ?? '').trim());
    if (!unit) issues.push({ column: '单位', message: `单位“${raw.unit}”不存在` });
    const group = GROUP_BY_LABEL.get((raw.group ?? '').trim() as '下级评议');
    if (!group) issues.push({ column: '评价者组', message: '评价者组应为 下级评议 或 服务对象反向评价' });
    else if (!prep.groups.has(group))
      issues.push({ column: '评价者组', message: `本次测评未选用“${raw.group}”` });
    const label = (raw.label ?? '').trim();
    if (!label || label.length > 60) issues.push({ column: '评价者', message: '评价者称呼应为 1–60 个字' });
    const copies = raw.copies?.trim() ? Number(raw.copies) : 1;
    if (!Number.isInteger(copies) || copies < 1 || copies > 500)
      issues.push({ column: '份数', message: '份数应为 1–500 的整数' });
    let cadreIds: string[] = [];
    if (unit) {
      if (raw.cadre?.trim()) {
        const c = prep.cadres.get(raw.cadre.trim());
        if (!c) issues.push({ column: '评价对象', message: `人员编号“${raw.cadre}”不在本次测评范围内` });
        else if (c.unitId !== unit.id) issues.push({ column: '评价对象', message: '评价对象不在该单位' });
        else cadreIds = [c.id];
      } else {
        cadreIds = prep.cadresByUnit.get(unit.id) ?? [];
        if (cadreIds.length === 0)
          issues.push({ column: '单位', message: `${unit.name} 没有干部参加本次测评` });
      }
    }
    if (issues.length) return { issues };
    return { row: { unitId: unit!.id, group: group!, label, cadreIds, copies } };
  },
  key: (r) => `${r.unitId}|${r.group}|${r.label}|${r.cadreIds.length === 1 ? r.cadreIds[0] : '*'}`,
  async apply(ctx, tx, audit, rows, o) {
    let inserted = 0;
    let unchanged = 0;
    for (const r of rows) {
      const existing = await tx
        .select({ cadreIds: opinionLinks.cadreIds })
        .from(opinionLinks)
        .where(
          and(
            eq(opinionLinks.campaignId, o.campaignId),
            eq(opinionLinks.raterGroup, r.group),
            eq(opinionLinks.unitId, r.unitId),
            eq(opinionLinks.raterLabel, r.label),
            isNull(opinionLinks.revokedAt),
          ),
        );
      const same = existing.filter(
        (e) => e.cadreIds.length === r.cadreIds.length && e.cadreIds.every((id) => r.cadreIds.includes(id)),
      ).length;
      const missing = Math.max(0, r.copies - same);
      if (missing === 0) {
        unchanged++;
        continue;
      }
      await insertLinks(
        ctx,
        tx,
        o.campaignId,
        Array.from({ length: missing }, () => ({
          raterGroup: r.group,
          raterLabel: r.label,
          unitId: r.unitId,
          cadreIds: r.cadreIds,
        })),
      );
      inserted += missing;
    }
    audit({ action: 'opinion.raters.import', objectType: 'opinion_campaign', objectId: o.campaignId });
    return { inserted, updated: 0, unchanged };
  },
});
