/**
 * The Chinese name of each module, as the timeline's tags and the to-do list show it. Every
 * module that writes timeline events or to-dos has its name here (a test holds it to that).
 */
export const MODULE_LABELS: Record<string, string> = {
  auth: '账号与安全',
  org: '组织机构',
  delivery: '一线实绩',
  opinion: '群众口碑',
  scene: '现场担当',
  keywork: '重点工作',
  economy: '经济运行',
  development: '一人一策',
  quadrant: '季度微调',
  growth: '成长解析',
  rewards: '一事一奖',
  reports: '考察材料',
  profile: '干部画像',
  imports: '导入',
};

export const moduleLabel = (m: string) => MODULE_LABELS[m] ?? '其他';
