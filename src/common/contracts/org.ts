import { z } from 'zod';
import { PageQuery, Uuid } from './page.ts';

export const UNIT_KINDS = ['department', 'town', 'street', 'soe', 'other'] as const;
export const UNIT_KIND_LABELS: Record<(typeof UNIT_KINDS)[number], string> = {
  department: '部门',
  town: '乡镇',
  street: '街道',
  soe: '国有企业',
  other: '其他',
};
export const TEAM_PLACES = ['正职', '副职', '成员'] as const;
export const DICT_KINDS = ['rank', 'role_type', 'domain', 'tag', 'department'] as const;
export const DICT_KIND_LABELS: Record<(typeof DICT_KINDS)[number], string> = {
  rank: '职级',
  role_type: '角色类型',
  domain: '领域',
  tag: '标签',
  department: '数据部门',
};
export const AGE_BANDS = ['<=35', '36-40', '41-45', '46-50', '51-55', '>55'] as const;
export const APPOINTMENT_KINDS = ['appoint', 'transfer', 'promote', 'demote', 'retire', 'leave'] as const;
export const APPOINTMENT_KIND_LABELS: Record<(typeof APPOINTMENT_KINDS)[number], string> = {
  appoint: '任职',
  transfer: '调动',
  promote: '晋升',
  demote: '降职（落实“下”）',
  retire: '退休',
  leave: '离任',
};
export const SCOPE_KINDS = ['domain', 'region', 'indicator', 'task'] as const;
export const SCOPE_KIND_LABELS: Record<(typeof SCOPE_KINDS)[number], string> = {
  domain: '领域',
  region: '区域',
  indicator: '指标',
  task: '重点任务',
};

export const Day = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const Name = z.string().trim().min(1, '不能为空').max(60, '不能超过 60 个字');

export const RegionBody = z.object({
  code: z.string().trim().min(1, '请填写区域代码').max(20),
  name: z.string().trim().min(1, '请填写名称').max(40),
  kind: z.enum(['town', 'street'], { message: '区域类型应为 乡镇 或 街道' }),
  sort: z.number().int().min(0).max(1000).optional(),
});

export const UnitBody = z.object({
  code: z.string().trim().min(1, '请填写单位代码').max(30),
  name: Name,
  shortName: z.string().trim().max(20).optional(),
  kind: z.enum(UNIT_KINDS, { message: '单位类型不正确' }),
  parentId: Uuid.nullish(),
  regionId: Uuid,
  liaisonGroupId: Uuid.nullish(),
  sort: z.number().int().min(0).max(100000).optional(),
});

export const UnitQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  liaisonGroupId: Uuid.optional(),
});

export const LiaisonGroupBody = z.object({
  name: Name,
  leaderCadreId: Uuid.nullish(),
  sort: z.number().int().min(0).max(1000).optional(),
});

export const DictBody = z.object({
  kind: z.enum(DICT_KINDS, { message: '字典类型不正确' }),
  code: z
    .string()
    .trim()
    .min(1, '请填写编码')
    .max(30)
    .regex(/^[A-Za-z0-9_.-]+$/, '编码只能包含字母、数字和 _ . -'),
  name: Name,
  description: z.string().trim().max(200).optional(),
  sort: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
});
export const DictQuery = z.object({
  kind: z.enum(DICT_KINDS).optional(),
  includeInactive: z.coerce.boolean().optional(),
});

export const CadreQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  unitId: Uuid.optional(),
  rankCode: z.string().max(30).optional(),
  roleTypeCode: z.string().max(30).optional(),
  domain: z.string().max(30).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  teamPlace: z.enum(TEAM_PLACES).optional(),
  young: z.enum(['true', 'false']).optional(),
  status: z.enum(['active', 'retired', 'left', 'all']).optional(),
  sort: z.enum(['unit', 'name', 'age']).optional(),
});
export const DirectoryQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  unitId: Uuid.optional(),
});

const Placement = {
  unitId: Uuid,
  post: z.string().trim().min(1, '请填写职务').max(80),
  teamPlace: z.enum(TEAM_PLACES, { message: '班子位置应为 正职/副职/成员' }),
  rankCode: z.string().trim().max(30).nullish(),
  roleTypeCode: z.string().trim().max(30).nullish(),
};

export const CadreBody = z.object({
  code: z.string().trim().min(1, '请填写人员编号').max(30),
  name: z.string().trim().min(1, '请填写姓名').max(30),
  sex: z.enum(['男', '女'], { message: '性别应为 男 或 女' }),
  birthYear: z.number().int().min(1940, '出生年份不合理').max(2010, '出生年份不合理'),
  birthMonth: z.number().int().min(1).max(12).nullish(),
  ethnicity: z.string().trim().max(20).nullish(),
  education: z.string().trim().max(60).nullish(),
  resume: z.string().max(20000).nullish(),
  young: z.boolean().optional(),
  tags: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
  ...Placement,
  startsOn: Day,
  docNo: z.string().trim().max(60).nullish(),
});
export const CadreUpdateBody = CadreBody.pick({
  name: true,
  sex: true,
  birthYear: true,
  birthMonth: true,
  ethnicity: true,
  education: true,
  resume: true,
  young: true,
  tags: true,
}).partial();

export const TransferBody = z.object({
  ...Placement,
  date: Day,
  docNo: z.string().trim().max(60).nullish(),
  note: z.string().trim().max(500).nullish(),
});
export const ChangePostBody = z.object({
  kind: z.enum(['appoint', 'promote', 'demote'], { message: '任免类型不正确' }),
  post: Placement.post,
  teamPlace: Placement.teamPlace,
  rankCode: Placement.rankCode,
  roleTypeCode: Placement.roleTypeCode,
  date: Day,
  docNo: z.string().trim().max(60).nullish(),
  note: z.string().trim().max(500).nullish(),
});
export const RetireBody = z.object({
  kind: z.enum(['retire', 'leave']).default('retire'),
  date: Day,
  docNo: z.string().trim().max(60).nullish(),
  note: z.string().trim().max(500).nullish(),
});

export const DivisionScope = z.object({
  kind: z.enum(SCOPE_KINDS, { message: '分工范围类型不正确' }),
  ref: z.string().trim().min(1).max(60),
  lead: z.boolean().default(true),
});
export const DivisionBody = z.object({
  effectiveFrom: Day,
  docNo: z.string().trim().max(60).nullish(),
  reason: z.string().trim().max(500).nullish(),
  members: z
    .array(
      z.object({
        cadreId: Uuid,
        duties: z.string().trim().max(1000).nullish(),
        scopes: z.array(DivisionScope).max(50).default([]),
      }),
    )
    .max(40, '一个班子最多 40 人'),
});
export const ResponsibilityQuery = z.object({ date: Day.optional() });

export const PeriodBody = z.object({ year: z.number().int().min(2000).max(2100) });

export const TimelineQuery = z.object({
  module: z.string().max(30).optional(),
  from: Day.optional(),
  to: Day.optional(),
});

export interface UnitView {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: (typeof UNIT_KINDS)[number];
  parentId: string | null;
  regionId: string;
  regionName: string | null;
  liaisonGroupId: string | null;
  liaisonGroupName: string | null;
  cadreCount: number;
  sort: number;
  status: string;
}

export interface CadreView {
  id: string;
  code: string;
  name: string;
  sex: string;
  birthYear: number;
  birthMonth: number | null;
  age: number;
  ethnicity: string | null;
  education: string | null;
  unitId: string | null;
  unitName: string | null;
  post: string | null;
  teamPlace: string | null;
  rankCode: string | null;
  rankName: string | null;
  roleTypeCode: string | null;
  roleTypeName: string | null;
  young: boolean;
  status: string;
  tags: string[];
  domains: string[];
}

export interface DirectoryCadre {
  id: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  post: string | null;
}
