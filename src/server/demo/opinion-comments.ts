import type { RaterGroup } from '../../common/contracts/opinion.ts';
import type { Rng } from '../lib/random.ts';
import type { Theme } from './opinion.ts';

/** Demo opinion data: the free-text comments that come with the ballots. */

// ——— free-text comments ———

const POSITIVE: Record<Theme, string[]> = {
  政绩观: [
    '坚持从群众最关心的事情做起，不搞面子工程',
    '既抓当前也谋长远，打基础的事舍得下功夫',
    '重实效不重留痕，汇报实实在在',
    '谋划项目立足本地实际，不盲目铺摊子',
    '不追求短期排名，扎扎实实抓基础性工作',
    '能把上级要求和本地实际结合起来，思路清楚',
    '注重做群众看不见但长远受益的潜绩',
  ],
  担当: [
    '遇到难事不推不躲，征迁一线经常能看到他',
    '急难险重任务主动请缨，关键时刻顶得上',
    '敢于拍板、敢于负责，不把矛盾上交',
    '防汛防台期间连续坚守一线',
    '历史遗留问题敢于碰硬，推动解决了好几件',
    '对分管领域的难点问题主动认领、一抓到底',
  ],
  实绩: [
    '分管工作成效明显，年度目标任务按期完成',
    '招引项目落地快，群众看得见、摸得着',
    '老旧小区改造后居民满意度明显提高',
    '多项工作走在全市前列，亮点突出',
    '村集体经济增收明显，村里面貌变化大',
    '重点项目推进有力，投资完成情况好',
  ],
  作风: [
    '经常下基层，和群众打成一片',
    '工作务实，没有架子，基层干部愿意和他说真话',
    '会风文风简洁，不搞形式主义',
    '调研深入，情况掌握得很清楚',
    '周末也常在项目现场，工作作风扎实',
    '为基层减负落到实处，报表和会议明显少了',
  ],
  廉洁: [
    '严于律己，从不搞特殊',
    '廉洁自律，口碑好',
    '管好身边人，分管领域风清气正',
    '公私分明，办事讲原则、守规矩',
    '带头落实中央八项规定精神，生活简朴',
  ],
  服务态度: [
    '服务企业热情主动，有求必应',
    '群众反映的问题很快就有回音',
    '对企业诉求跟踪到底，解决了我们的实际困难',
    '接待群众耐心细致，解释政策很清楚',
    '审批环节压缩明显，办事方便多了',
    '上门服务企业，帮助协调用地和用工问题',
  ],
};

const CRITICAL: Record<Theme, string[]> = {
  政绩观: [
    '有时过于看重考核排名，基础工作抓得不够',
    '个别项目前期论证不充分，存在赶进度现象',
    '宣传多于实效，部分工作停留在材料上',
    '希望多做打基础、利长远的事，少一些“盆景”',
  ],
  担当: [
    '遇到矛盾习惯于请示上级，决断不够果断',
    '跨部门事项协调推动力度还不够',
    '个别历史遗留问题推进较慢，希望加大力度',
    '对难啃的骨头有畏难情绪',
  ],
  实绩: [
    '部分工作进度滞后于年初计划',
    '成效还不够明显，群众获得感不强',
    '个别指标与年初目标有差距',
    '项目签约多、落地少，转化率有待提高',
  ],
  作风: [
    '下基层次数偏少，听汇报多、看现场少',
    '会议和台账仍然较多，基层负担偏重',
    '有时工作安排过急，基层落实压力大',
    '希望多到一线走走，多听听基层的声音',
  ],
  廉洁: ['对分管领域廉政风险防控还需加强', '希望对身边工作人员的教育管理再严一些', '个别接待安排标准偏高'],
  服务态度: [
    '个别事项回复不够及时',
    '窗口服务有时解释不够耐心',
    '企业诉求办理周期偏长',
    '希望进一步简化办事流程，少让群众跑腿',
  ],
};

const CLOSING_POSITIVE = ['总体评价很好。', '值得肯定。', '希望继续保持。', '群众认可度高。', ''];
const CLOSING_MIXED = ['希望改进。', '建议加强。', '期待有进一步提升。', ''];

/** Themes each rater group tends to write about. */
const THEME_WEIGHTS: Record<RaterGroup, [Theme, number][]> = {
  superior: [
    ['政绩观', 3],
    ['担当', 3],
    ['实绩', 3],
    ['作风', 1],
    ['廉洁', 1],
    ['服务态度', 1],
  ],
  peer: [
    ['政绩观', 2],
    ['担当', 3],
    ['实绩', 2],
    ['作风', 2],
    ['廉洁', 1],
    ['服务态度', 1],
  ],
  subordinate: [
    ['政绩观', 2],
    ['担当', 2],
    ['实绩', 2],
    ['作风', 3],
    ['廉洁', 2],
    ['服务态度', 1],
  ],
  public: [
    ['政绩观', 1],
    ['担当', 1],
    ['实绩', 2],
    ['作风', 3],
    ['廉洁', 1],
    ['服务态度', 3],
  ],
  service: [
    ['政绩观', 1],
    ['担当', 1],
    ['实绩', 1],
    ['作风', 2],
    ['廉洁', 1],
    ['服务态度', 5],
  ],
};

function pickTheme(rng: Rng, group: RaterGroup, not?: Theme): Theme {
  const list = THEME_WEIGHTS[group].filter(([t]) => t !== not);
  let r = rng.next() * list.reduce((s, [, w]) => s + w, 0);
  for (const [t, w] of list) {
    r -= w;
    if (r < 0) return t;
  }
  return list[list.length - 1]![0];
}

/** A short comment in the tone of the ballot it comes with: praise, praise with a reservation, or criticism. */
export function commentFor(rng: Rng, group: RaterGroup, mean: number): { text: string; themes: Theme[] } {
  const theme = pickTheme(rng, group);
  if (mean >= 4.2) {
    const first = rng.pick(POSITIVE[theme]);
    if (rng.chance(0.35)) {
      const second = pickTheme(rng, group, theme);
      return { text: `${first}；${rng.pick(POSITIVE[second])}。`, themes: [theme, second] };
    }
    return { text: `${first}，${rng.pick(CLOSING_POSITIVE)}`.replace(/，$/, '。'), themes: [theme] };
  }
  if (mean > 3.3) {
    const other = rng.chance(0.5) ? theme : pickTheme(rng, group, theme);
    const text = `${rng.pick(POSITIVE[theme])}，但${rng.pick(CRITICAL[other])}，${rng.pick(CLOSING_MIXED)}`;
    return { text: text.replace(/，$/, '。'), themes: other === theme ? [theme] : [theme, other] };
  }
  const first = rng.pick(CRITICAL[theme]);
  if (rng.chance(0.4)) {
    const second = pickTheme(rng, group, theme);
    return { text: `${first}；${rng.pick(CRITICAL[second])}。`, themes: [theme, second] };
  }
  return { text: `${first}。`, themes: [theme] };
}
