import { sql } from 'drizzle-orm';
import {
  CHECK_LABELS,
  DECISION_KIND_LABELS,
  type DecisionKind,
  DOWN_KINDS,
  OBJECTION_RESULT_LABELS,
  ZONE_NAMES,
} from '../../../common/contracts/quadrant.ts';
import { rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { type DocxSection, exportDocx } from '../../lib/docx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { writeLrmx } from '../org/lrmx-write.ts';
import { getSetting } from '../system/settings.service.ts';
import { decisionView } from './decisions.service.ts';
import { history, placementView } from './placements.service.ts';
import { isDept } from './quadrant.policy.ts';

/**
 * What a decision sends on: the cadre's 干部任免审批表 (.lrmx, the format the registry imports)
 * filled from the registry and the decision, and the 部务会's material (Word) with the quadrant
 * history, the evidence on both axes, 凡提四必, 公示 and, for moves down, 谈心谈话 and 说明.
 */

type View = Awaited<ReturnType<typeof decisionView>>;

async function readable(ctx: Ctx, id: string): Promise<View> {
  if (!isDept(ctx.actor)) throw new AppError('FORBIDDEN', '只有组织部门可以导出任免材料');
  return decisionView(ctx, ctx.db, id);
}

/** Posts the decision removes: every kind that changes the post, not a rank promotion or 优先使用. */
const removesPost = (k: DecisionKind) => k === 'promote' || k === 'transfer' || DOWN_KINDS.includes(k);

/** The 任免审批表 of the decision's cadre. */
export async function decisionLrmx(ctx: Ctx, id: string) {
  const d = await readable(ctx, id);
  const [c] = await rows<{
    name: string;
    sex: '男' | '女';
    birth_year: number;
    birth_month: number | null;
    ethnicity: string | null;
    education: string | null;
    resume: string | null;
    unit_name: string | null;
    post: string | null;
  }>(
    ctx.db,
    sql`select c.name, c.sex, c.birth_year, c.birth_month, c.ethnicity, c.education, c.resume,
               u.name as unit_name, c.post
        from org_cadres c left join org_units u on u.id = c.unit_id where c.id = ${d.cadre.id}`,
  );
  if (!c) throw notFound('干部');
  const current = `${c.unit_name ?? ''}${c.post ?? ''}` || null;
  const t = d.target;
  const proposed =
    d.kind === 'rank_up' ? t.rankName : t.post ? `${t.unitName ?? c.unit_name ?? ''}${t.post}` : null;
  const jurisdiction = await getSetting(ctx.db, 'jurisdiction');
  const today = localDay(ctx.clock.now()).replace(/-/g, '');
  const bytes = writeLrmx({
    name: c.name,
    sex: c.sex,
    birthYear: c.birth_year,
    birthMonth: c.birth_month,
    ethnicity: c.ethnicity,
    education: c.education,
    currentPost: current,
    rank: d.cadre.rankName,
    resume: c.resume,
    reportingUnit: `中共${jurisdiction?.name ?? ''}委组织部`,
    proposedPost: proposed,
    proposedRemoval: removesPost(d.kind) ? current : null,
    reason: d.reasons,
    ageOn: today.slice(0, 6),
    filledOn: today,
    filledBy: ctx.actor?.displayName ?? null,
  });
  await write(ctx, async (_tx, audit) =>
    audit({ action: 'quadrant.decision.lrmx', objectType: 'quadrant_decision', objectId: id }),
  );
  return { name: `干部任免审批表-${c.name}.lrmx`, bytes };
}

const fixed = (x: number, se: number) => `${x.toFixed(1)} ± ${(1.96 * se).toFixed(1)}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const files = (list: { name: string; sm3: string }[]) =>
  list.map((f) => `${f.name}（SM3 ${f.sm3.slice(0, 16)}…）`).join('；') || '—';
const who = (name: string | null, at: Date | null) => `${name ?? '—'} ${at ? localDay(at) : ''}`.trim();

/** The 部务会's material for the decision, as a Word document. */
export async function decisionMaterial(ctx: Ctx, id: string) {
  const d = await readable(ctx, id);
  const h = await history(ctx, d.cadre.id);
  const versions = new Map(
    (
      await rows<{ id: string; v: number }>(
        ctx.db,
        sql`select id::text, settings_version as v from quadrant_placements where cadre_id = ${d.cadre.id}`,
      )
    ).map((r) => [r.id, r.v]),
  );
  const latest = h.quarters.at(-1);
  const evidence = latest ? await placementView(ctx, latest.placementId) : null;
  const kind = DECISION_KIND_LABELS[d.kind];
  const t = d.target;
  const sections: DocxSection[] = [
    {
      heading: '拟任免情况',
      paragraphs: [
        `${d.cadre.name}，现任${d.cadre.unitName ?? ''}${d.cadre.post ?? ''}${d.cadre.rankName ? `（${d.cadre.rankName}）` : ''}。`,
        `拟${kind}${[t.unitName, t.post, t.teamPlace, t.rankName].filter(Boolean).join(' ') ? `：${[t.unitName, t.post, t.teamPlace, t.rankName].filter(Boolean).join(' ')}` : ''}。`,
        `理由：${d.reasons}`,
        `拟定：${who(d.draftedByName, d.draftedAt)}；提出季度：${d.quarter}。`,
      ],
    },
    {
      heading: '实绩象限历史',
      paragraphs: h.quarters.length ? [] : ['该干部尚无象限记录。'],
      table: h.quarters.length
        ? {
            columns: ['季度', '所在区', '实绩贡献（95%区间）', '政绩观（95%区间）', '所在区概率', '设置版本'],
            rows: h.quarters.map((q) => [
              q.quarter,
              q.identified ? ZONE_NAMES[q.zone] : `${ZONE_NAMES[q.zone]}（本人贡献无法区分）`,
              fixed(q.contribution, q.contributionSe),
              fixed(q.view, q.viewSe),
              pct(q.probabilities[q.zone]),
              versions.get(q.placementId) ? `第 ${versions.get(q.placementId)} 版` : '默认设置',
            ]),
          }
        : undefined,
    },
  ];
  if (evidence)
    sections.push({
      heading: `两轴证据（${evidence.quarter}）`,
      paragraphs: [
        `门槛：实绩贡献 ${evidence.threshold.contribution.toFixed(1)}，政绩观 ${evidence.threshold.view.toFixed(1)}。`,
      ],
      table: {
        columns: ['轴', '组成', '数值', '权重', '依据记录'],
        rows: [
          ...evidence.contributionParts.map((p) => [
            '实绩贡献',
            p.label,
            num(p.value),
            p.weight,
            refs(p.records),
          ]),
          ...evidence.viewParts.map((p) => ['政绩观', p.label, num(p.value), p.weight, refs(p.records)]),
        ],
      },
    });
  sections.push({
    heading: '决定依据',
    paragraphs: d.evidence.length ? d.evidence.map((e) => `${e.label}（${e.type}:${e.id}）`) : ['—'],
  });
  if (d.checksNeeded.length)
    sections.push({
      heading: '凡提四必',
      table: {
        columns: ['核查事项', '结论', '说明', '核查材料', '记录人及时间'],
        rows: d.checksNeeded.map((k) => {
          const c = d.checks.find((x) => x.kind === k);
          return c
            ? [
                CHECK_LABELS[k],
                c.result === 'pass' ? '无问题' : '发现问题',
                c.note ?? '—',
                files(c.files),
                who(c.recordedByName, c.recordedAt),
              ]
            : [CHECK_LABELS[k], '未核查', '—', '—', '—'];
        }),
      },
    });
  if (d.publicityFrom || d.objections.length)
    sections.push({
      heading: '任前公示',
      paragraphs: [
        d.publicityFrom ? `公示期：${d.publicityFrom} 至 ${d.publicityUntil}。` : '尚未公示。',
        d.objections.length ? `公示期间反映问题 ${d.objections.length} 项：` : '公示期间未收到反映。',
      ],
      table: d.objections.length
        ? {
            columns: ['反映的问题', '记录', '处理结果', '核查处理情况', '处理人及时间'],
            rows: d.objections.map((o) => [
              o.text,
              who(o.recordedByName, o.recordedAt),
              o.result ? OBJECTION_RESULT_LABELS[o.result] : '待核查处理',
              o.handling ?? '—',
              o.handledAt ? who(o.handledByName, o.handledAt) : '—',
            ]),
          }
        : undefined,
    });
  if (d.talkOn || d.statement)
    sections.push({
      heading: '谈心谈话与本人说明',
      paragraphs: [
        `谈话：${d.talkOn ?? '—'}，谈话人 ${d.talkBy ?? '—'}。要点：${d.talkNote ?? '—'}`,
        `干部本人书面说明：${d.statement ?? '—'}`,
        `书面说明原件：${files(d.statementFiles)}`,
        `决定的回应：${d.answer ?? '（待决定时回应）'}`,
      ],
    });
  if (d.meeting || d.body || d.terminatedReason || d.withdrawnReason)
    sections.push({
      heading: '办理情况',
      paragraphs: [
        d.meeting ? `部务会：${d.meeting}（${who(d.adoptedByName, d.adoptedAt)}记录）` : '',
        d.body ? `决定机关：${d.body}，任免文号：${d.docNo}，生效日期：${d.effectiveOn}` : '',
        d.terminatedReason ? `已终止：${d.terminatedReason}` : '',
        d.withdrawnReason ? `已撤回：${d.withdrawnReason}` : '',
      ].filter(Boolean),
    });
  // Sections that do not apply are left out; the rest are numbered in order.
  sections.forEach((x, i) => {
    if (x.heading) x.heading = `${NUMERALS[i]}、${x.heading}`;
  });
  const title = `关于${d.cadre.name}同志${kind}的研究材料`;
  const bytes = await exportDocx(ctx, { action: 'quadrant.decision.material', title, sections });
  return { name: `${title}.docx`, bytes };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const num = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const refs = (records: { label: string }[]) => records.map((r) => r.label).join('；') || '—';
