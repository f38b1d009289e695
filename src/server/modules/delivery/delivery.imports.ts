import { and, eq, inArray } from 'drizzle-orm';
import { ITEM_KIND_LABELS, ITEM_KINDS, ItemBody } from '../../../common/contracts/delivery.ts';
import type { Executor } from '../../db/client.ts';
import { deliveryItems, deliveryLists, orgCadres, orgDictItems } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/context.ts';
import { defineImporter } from '../imports/imports.engine.ts';
import { cadreScope, inScope } from '../org/org.policy.ts';
import { type ItemInput, insertItems } from './lists.service.ts';

interface Prep {
  cadres: Map<string, { id: string; name: string; unitId: string | null }>;
  domains: Map<string, string>;
  lockedLists: Set<string>;
  actor: Actor | null;
}

interface Row {
  cadreId: string;
  year: number;
  item: ItemInput;
}

const KIND_BY_LABEL = new Map(ITEM_KINDS.map((k) => [ITEM_KIND_LABELS[k], k]));
const MONTHS = Array.from({ length: 12 }, (_, m) => `m${m + 1}`);

/** "开工@3；主体完工@9" → milestones. */
function parseMilestones(text: string) {
  return text
    .split(/[;；]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [name, month] = p.split('@');
      return { name: (name ?? '').trim(), month: Number(month) };
    });
}

// 年度干事清单 (xlsx / csv): items go into draft lists; confirmed lists change only by amendment.
defineImporter<Row, Prep, Record<string, never>>({
  kind: 'delivery.items',
  title: '年度干事清单',
  permission: 'delivery.draft',
  accept: ['xlsx', 'csv'],
  notes: [
    '每行一个事项；1–12 月填写截至该月末的累计计划进度（数值型填数值，节点型填已完成节点数）。',
    '已确认的清单不能导入，请由组织部门登记变更。',
  ],
  columns: [
    { key: 'code', title: '人员编号', required: true, example: 'YW0001' },
    { key: 'year', title: '年度', required: true, example: '2026', type: 'integer' },
    {
      key: 'kind',
      title: '类型',
      required: true,
      example: '项目攻坚',
      note: '指标争先、项目攻坚 或 改革突破',
    },
    { key: 'title', title: '事项', required: true, example: '完成某产业园一期主体工程' },
    { key: 'domain', title: '领域', example: '项目投资', note: '领域字典中的名称或编码' },
    { key: 'target', title: '目标值', example: '100', note: '数值型目标填写；节点型留空', type: 'number' },
    { key: 'unit', title: '计量单位', example: '%' },
    {
      key: 'milestones',
      title: '节点',
      example: '',
      note: '节点型目标：名称@月份，用分号隔开，如 开工@3；主体完工@9',
    },
    { key: 'weight', title: '权重', example: '1', type: 'number' },
    ...MONTHS.map((k, m) => ({
      key: k,
      title: `${m + 1}月`,
      required: true,
      example: String(Math.round(((m + 1) / 12) * 100)),
      type: 'number' as const,
    })),
  ],
  async prepare(ex: Executor, _o, actor) {
    const scope = cadreScope(actor);
    const all = await ex
      .select({ id: orgCadres.id, code: orgCadres.code, name: orgCadres.name, unitId: orgCadres.unitId })
      .from(orgCadres);
    const cadres = new Map(all.filter((c) => inScope(scope, c)).map((c) => [c.code, c]));
    const domainRows = await ex.select().from(orgDictItems).where(eq(orgDictItems.kind, 'domain'));
    const domains = new Map<string, string>();
    for (const d of domainRows) {
      domains.set(d.code, d.code);
      domains.set(d.name, d.code);
    }
    const locked = await ex
      .select({ cadreId: deliveryLists.cadreId, year: deliveryLists.year })
      .from(deliveryLists)
      .where(eq(deliveryLists.status, 'confirmed'));
    return { cadres, domains, lockedLists: new Set(locked.map((l) => `${l.cadreId}|${l.year}`)), actor };
  },
  parse(raw, prep) {
    // Every problem of the row is reported, not only the first.
    const issues: { column: string; message: string }[] = [];
    const cadre = prep.cadres.get(raw.code ?? '');
    if (!cadre)
      issues.push({ column: '人员编号', message: `人员编号“${raw.code}”不存在或不在您可管理的范围内` });
    const year = Number(raw.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      issues.push({ column: '年度', message: `年度“${raw.year}”不正确` });
    else if (cadre && prep.lockedLists.has(`${cadre.id}|${year}`))
      issues.push({
        column: '人员编号',
        message: `${cadre.name} ${year} 年度清单已确认，不能导入；请由组织部门登记变更`,
      });
    const kind =
      KIND_BY_LABEL.get(raw.kind ?? '') ?? (ITEM_KINDS.includes(raw.kind as 'reform') ? raw.kind : undefined);
    const domainCode = raw.domain ? prep.domains.get(raw.domain) : undefined;
    if (raw.domain && !domainCode) issues.push({ column: '领域', message: `领域“${raw.domain}”不在字典中` });
    const milestones = raw.milestones ? parseMilestones(raw.milestones) : null;
    const parsed = ItemBody.safeParse({
      kind,
      title: raw.title,
      domainCode: domainCode ?? null,
      targetKind: milestones?.length ? 'milestones' : 'value',
      targetValue: raw.target ? Number(raw.target) : null,
      measureUnit: raw.unit || null,
      milestones,
      weight: raw.weight ? Number(raw.weight) : 1,
      monthlyPlan: MONTHS.map((k) => Number(raw[k] ?? '')),
    });
    if (!parsed.success) {
      const titles: Record<string, string> = {
        kind: '类型',
        title: '事项',
        targetValue: '目标值',
        milestones: '节点',
        weight: '权重',
      };
      for (const i of parsed.error.issues) {
        const month = i.path[0] === 'monthlyPlan' && typeof i.path[1] === 'number' ? i.path[1] + 1 : null;
        issues.push({
          column: month ? `${month}月` : (titles[String(i.path[0])] ?? String(i.path[0] ?? '')),
          message: i.message,
        });
      }
    }
    if (issues.length || !cadre || !parsed.success) return { issues };
    return { row: { cadreId: cadre.id, year, item: parsed.data } };
  },
  key: (r) => `${r.cadreId}|${r.year}|${r.item.title}`,
  async apply(ctx, tx, audit, rows) {
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const groups = new Map<string, Row[]>();
    for (const r of rows)
      groups.set(`${r.cadreId}|${r.year}`, [...(groups.get(`${r.cadreId}|${r.year}`) ?? []), r]);
    for (const list of groups.values()) {
      const { cadreId, year } = list[0]!;
      const [existing] = await tx
        .select({ id: deliveryLists.id })
        .from(deliveryLists)
        .where(and(eq(deliveryLists.cadreId, cadreId), eq(deliveryLists.year, year)));
      const titles = existing
        ? new Set(
            (
              await tx
                .select({ title: deliveryItems.title })
                .from(deliveryItems)
                .where(
                  and(
                    eq(deliveryItems.listId, existing.id),
                    inArray(
                      deliveryItems.title,
                      list.map((r) => r.item.title),
                    ),
                  ),
                )
            ).map((i) => i.title),
          )
        : new Set<string>();
      // An item already in the list (same title) is left as it is: the same file twice changes nothing.
      const fresh = list.filter((r) => !titles.has(r.item.title));
      counts.unchanged += list.length - fresh.length;
      if (fresh.length) {
        await insertItems(
          ctx,
          tx,
          audit,
          cadreId,
          year,
          fresh.map((r) => r.item),
        );
        counts.inserted += fresh.length;
      }
    }
    return counts;
  },
});
