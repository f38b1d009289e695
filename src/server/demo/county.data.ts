// The fictional demo county: names of units, towns and people are invented for the demo.

export const JURISDICTION = { name: '玉湾市', level: '县级市' as const };

export const TOWNS: { name: string; kind: 'town' | 'street' }[] = [
  { name: '东城街道', kind: 'street' },
  { name: '西岙街道', kind: 'street' },
  { name: '南港街道', kind: 'street' },
  { name: '北湖街道', kind: 'street' },
  { name: '清溪镇', kind: 'town' },
  { name: '芦湾镇', kind: 'town' },
  { name: '沙岙镇', kind: 'town' },
  { name: '龙门镇', kind: 'town' },
  { name: '海屿镇', kind: 'town' },
];

export const RANKS = [
  ['zhengchu', '正处级'],
  ['fuchu', '副处级'],
  ['zhengke', '正科级'],
  ['fuke', '副科级'],
  ['dy1', '一级调研员'],
  ['dy2', '二级调研员'],
  ['dy3', '三级调研员'],
  ['dy4', '四级调研员'],
  ['zr1', '一级主任科员'],
  ['zr2', '二级主任科员'],
] as const;

export const ROLE_TYPES = [
  ['zs', '招商'],
  ['gy', '工业'],
  ['cj', '城建'],
  ['jt', '交通'],
  ['ny', '农业农村'],
  ['sh', '社会事业'],
  ['dq', '党群'],
  ['zf', '政法'],
  ['jj', '经济综合'],
  ['jc', '基层治理'],
  ['gq', '国企经营'],
  ['st', '生态环保'],
] as const;
export type RoleTypeCode = (typeof ROLE_TYPES)[number][0];

export const DOMAINS = [
  ['modern_industry', '现代产业'],
  ['transport', '综合交通'],
  ['urban_renewal', '城市更新'],
  ['project_investment', '项目投资'],
  ['block_renovation', '成片拆改'],
  ['investment_attraction', '招商引资'],
  ['industry', '工业经济'],
  ['rural', '乡村振兴'],
  ['ecology', '生态环保'],
  ['livelihood', '民生保障'],
  ['grassroots', '基层治理'],
  ['marine', '港航海洋'],
] as const;
export type DomainCode = (typeof DOMAINS)[number][0];

export const TAGS = [
  ['female', '女干部'],
  ['non_party', '党外干部'],
  ['professional', '专业型干部'],
  ['grassroots_exp', '基层经历'],
] as const;

export const DEPARTMENTS_DICT = [
  '发改局',
  '统计局',
  '财政局',
  '经信局',
  '商务局',
  '自然资源和规划局',
  '税务局',
  '供电公司',
];

export interface UnitSpec {
  name: string;
  kind: 'department' | 'town' | 'street' | 'soe';
  roleType: RoleTypeCode;
  domains: DomainCode[];
}

const d = (name: string, roleType: RoleTypeCode, domains: DomainCode[] = []): UnitSpec => ({
  name,
  kind: 'department',
  roleType,
  domains,
});

/** 63 departments; the organization department is first. */
export const DEPARTMENTS: UnitSpec[] = [
  d('市委组织部', 'dq'),
  d('市委办公室', 'dq'),
  d('市政府办公室', 'jj'),
  d('市纪委市监委机关', 'dq'),
  d('市委宣传部', 'dq'),
  d('市委统战部', 'dq'),
  d('市委政法委', 'zf', ['grassroots']),
  d('市委社会工作部', 'jc', ['grassroots']),
  d('市委党校', 'dq'),
  d('市委机构编制委员会办公室', 'dq'),
  d('市发展和改革局', 'jj', ['project_investment', 'modern_industry']),
  d('市经济和信息化局', 'gy', ['industry', 'modern_industry']),
  d('市投资促进中心', 'zs', ['investment_attraction', 'project_investment']),
  d('市城市更新与发展中心', 'cj', ['urban_renewal', 'block_renovation']),
  d('市住房和城乡建设局', 'cj', ['urban_renewal', 'block_renovation']),
  d('市自然资源和规划局', 'cj', ['urban_renewal', 'project_investment']),
  d('市交通运输局', 'jt', ['transport']),
  d('市港航口岸和渔业局', 'jt', ['marine']),
  d('市农业农村局', 'ny', ['rural']),
  d('市水利局', 'ny', ['rural', 'ecology']),
  d('市生态环境分局', 'st', ['ecology']),
  d('市商务局', 'zs', ['investment_attraction', 'modern_industry']),
  d('市科学技术局', 'gy', ['modern_industry', 'industry']),
  d('市财政局', 'jj', ['project_investment']),
  d('市统计局', 'jj'),
  d('市审计局', 'jj'),
  d('市市场监督管理局', 'jj', ['livelihood']),
  d('市教育局', 'sh', ['livelihood']),
  d('市卫生健康局', 'sh', ['livelihood']),
  d('市民政局', 'sh', ['livelihood', 'grassroots']),
  d('市人力资源和社会保障局', 'sh', ['livelihood']),
  d('市医疗保障局', 'sh', ['livelihood']),
  d('市退役军人事务局', 'sh', ['livelihood']),
  d('市文化和广电旅游体育局', 'sh', ['modern_industry', 'livelihood']),
  d('市公安局', 'zf', ['grassroots']),
  d('市司法局', 'zf', ['grassroots']),
  d('市信访局', 'zf', ['grassroots']),
  d('市应急管理局', 'zf', ['grassroots']),
  d('市综合行政执法局', 'cj', ['urban_renewal', 'grassroots']),
  d('市行政审批局', 'jj', ['project_investment']),
  d('市大数据发展中心', 'jj', ['modern_industry']),
  d('市机关事务管理中心', 'jj'),
  d('市融媒体中心', 'dq'),
  d('市档案馆', 'dq'),
  d('市供销合作社', 'ny', ['rural']),
  d('市总工会', 'dq', ['livelihood']),
  d('团市委', 'dq'),
  d('市妇联', 'dq', ['livelihood']),
  d('市科协', 'dq'),
  d('市工商联', 'zs', ['investment_attraction']),
  d('市残联', 'sh', ['livelihood']),
  d('市红十字会', 'sh', ['livelihood']),
  d('市经济开发区管委会', 'zs', ['investment_attraction', 'industry', 'project_investment']),
  d('市高新技术产业园区管委会', 'gy', ['modern_industry', 'industry', 'investment_attraction']),
  d('漩门湾旅游度假区管委会', 'zs', ['modern_industry', 'project_investment']),
  d('市人民法院', 'zf'),
  d('市人民检察院', 'zf'),
  d('市人大常委会办公室', 'dq'),
  d('市政协办公室', 'dq'),
  d('市住房保障中心', 'cj', ['livelihood', 'urban_renewal']),
  d('市公路与运输管理中心', 'jt', ['transport']),
  d('市重点工程建设中心', 'cj', ['project_investment', 'transport']),
  d('市土地储备中心', 'cj', ['block_renovation', 'urban_renewal']),
];

export const SOES: UnitSpec[] = [
  {
    name: '市城市建设投资集团',
    kind: 'soe',
    roleType: 'gq',
    domains: ['urban_renewal', 'project_investment'],
  },
  { name: '市交通投资集团', kind: 'soe', roleType: 'gq', domains: ['transport', 'project_investment'] },
  {
    name: '市国有资产投资集团',
    kind: 'soe',
    roleType: 'gq',
    domains: ['project_investment', 'modern_industry'],
  },
  { name: '市水务集团', kind: 'soe', roleType: 'gq', domains: ['ecology', 'livelihood'] },
  { name: '市文化旅游发展集团', kind: 'soe', roleType: 'gq', domains: ['modern_industry'] },
  { name: '市农业发展集团', kind: 'soe', roleType: 'gq', domains: ['rural'] },
  { name: '市港口发展集团', kind: 'soe', roleType: 'gq', domains: ['marine', 'transport'] },
  { name: '市产业园区开发公司', kind: 'soe', roleType: 'gq', domains: ['industry', 'investment_attraction'] },
  { name: '市城乡供水公司', kind: 'soe', roleType: 'gq', domains: ['livelihood'] },
  { name: '市城市更新建设公司', kind: 'soe', roleType: 'gq', domains: ['block_renovation', 'urban_renewal'] },
];

export const TOWN_DOMAINS: DomainCode[] = [
  'investment_attraction',
  'industry',
  'urban_renewal',
  'block_renovation',
  'rural',
  'grassroots',
  'livelihood',
  'ecology',
  'project_investment',
];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
export const GIVEN_MALE =
  '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国文志海东亮成晨阳振宏哲瑞博'.split('');
export const GIVEN_FEMALE = '芳娜敏静丽艳娟霞燕玲婷雪琳慧莉颖洁琴云倩佳蕾红梅晶丹萍璐瑶欣怡悦'.split('');

/** The eight members of the organization department's 部务会 who lead the liaison groups. */
export const ORG_DEPT_POSTS = [
  { post: '部长', teamPlace: '正职' as const, rank: 'fuchu' },
  { post: '常务副部长', teamPlace: '副职' as const, rank: 'zhengke' },
  { post: '副部长', teamPlace: '副职' as const, rank: 'fuke' },
  { post: '副部长', teamPlace: '副职' as const, rank: 'fuke' },
  { post: '副部长、公务员局局长', teamPlace: '副职' as const, rank: 'zhengke' },
  { post: '部务委员、组织员', teamPlace: '成员' as const, rank: 'dy3' },
  { post: '部务委员、干部一科科长', teamPlace: '成员' as const, rank: 'dy4' },
  { post: '部务委员、人才办副主任', teamPlace: '成员' as const, rank: 'dy4' },
];

export const GROUP_NAMES = [
  '第一编组',
  '第二编组',
  '第三编组',
  '第四编组',
  '第五编组',
  '第六编组',
  '第七编组',
  '第八编组',
];
