import { z } from 'zod';
import { canFlags, DayString, endpoint, Instant, listOf, pageOf } from '../api.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 组织机构: the contract of module `org` (the registry, periods and the working-day calendar). */

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
export type ScopeKind = (typeof SCOPE_KINDS)[number];
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

// ——— the working-day calendar ———

export const CALENDAR_KINDS = ['holiday', 'workday'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
/** The years the calendar accepts; outside them a date is almost certainly a typing mistake. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

const yearRange = `年份应在 ${CALENDAR_MIN_YEAR} 至 ${CALENDAR_MAX_YEAR} 之间`;
export const CalendarYearQuery = z.object({
  year: z.coerce
    .number({ message: '年份应为数字' })
    .int('年份应为整数')
    .min(CALENDAR_MIN_YEAR, yearRange)
    .max(CALENDAR_MAX_YEAR, yearRange)
    .optional(),
});
export const CalendarDayParams = z.object({ day: Day });
export const CalendarDayBody = z.object({
  kind: z.enum(CALENDAR_KINDS, { message: '类型应为“节假日”或“调休上班”' }),
  name: z.string().trim().min(1, '请填写名称').max(30, '名称不能超过 30 个字'),
  source: z.string().trim().max(200, '来源不能超过 200 个字').nullish(),
});
export const WorkingTimeQuery = z.object({ from: Day, to: Day });

// ——— response views ———

export const REGION_KINDS = ['jurisdiction', 'town', 'street'] as const;
export const CADRE_STATUSES = ['active', 'retired', 'left'] as const;

export const RegionView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(REGION_KINDS),
  sort: z.number().int(),
});

export const DictItemView = z.object({
  id: z.uuid(),
  kind: z.enum(DICT_KINDS),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  sort: z.number().int(),
  active: z.boolean(),
  can: canFlags('edit'),
});

export const LiaisonGroupView = z.object({
  id: z.uuid(),
  name: z.string(),
  sort: z.number().int(),
  leaderCadreId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  leaderPost: z.string().nullable(),
  unitCount: z.number().int(),
  can: canFlags('edit'),
});

export const UnitView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  parentId: z.uuid().nullable(),
  regionId: z.uuid(),
  regionName: z.string().nullable(),
  liaisonGroupId: z.uuid().nullable(),
  liaisonGroupName: z.string().nullable(),
  /** Active cadres placed in the unit. */
  cadreCount: z.number().int(),
  sort: z.number().int(),
  status: z.enum(['active', 'abolished']),
  /** edit: the unit's own data; team: read its leadership team and division; division: record a version. */
  can: canFlags('edit', 'team', 'division'),
});
/** A unit as the wire carries it (no codecs: the same on both sides). */
export type UnitView = z.infer<typeof UnitView>;

/** The unit tree: liaison groups, their units, and sub-units under their parents. */
export const UnitTreeNode = z.object({
  key: z.string(),
  title: z.string(),
  kind: z.enum(['group', 'unit']),
  unit: UnitView.optional(),
  get children(): z.ZodOptional<z.ZodArray<typeof UnitTreeNode>> {
    return z.array(UnitTreeNode).optional();
  },
});
export type UnitTreeNode = z.infer<typeof UnitTreeNode>;

export const DirectoryCadre = z.object({
  id: z.uuid(),
  name: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});
export type DirectoryCadre = z.infer<typeof DirectoryCadre>;

export const CadreView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  sex: z.enum(['男', '女']),
  birthYear: z.number().int(),
  birthMonth: z.number().int().nullable(),
  age: z.number().int(),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
  teamPlace: z.enum(TEAM_PLACES).nullable(),
  rankCode: z.string().nullable(),
  rankName: z.string().nullable(),
  roleTypeCode: z.string().nullable(),
  roleTypeName: z.string().nullable(),
  young: z.boolean(),
  status: z.enum(CADRE_STATUSES),
  tags: z.array(z.string()),
  /** Names of the domains the cadre leads or assists in today, by the unit's current division. */
  domains: z.array(z.string()),
  /** edit: basic data; appoint: transfer, change of post, retirement; timeline: read the timeline. */
  can: canFlags('edit', 'appoint', 'timeline'),
});
export type CadreView = z.infer<typeof CadreView>;
export const CadreDetail = CadreView.extend({ resume: z.string().nullable() });

export const AppointmentView = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  kind: z.enum(APPOINTMENT_KINDS),
  kindLabel: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
  teamPlace: z.string().nullable(),
  rankCode: z.string().nullable(),
  roleTypeCode: z.string().nullable(),
  startsOn: DayString,
  endsOn: DayString.nullable(),
  docNo: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: Instant,
});

export const ScopeView = z.object({
  kind: z.enum(SCOPE_KINDS),
  ref: z.string(),
  lead: z.boolean(),
  label: z.string(),
});

export const ResponsibilityView = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  divisionId: z.uuid(),
  version: z.number().int(),
  effectiveFrom: DayString,
  /** The day the next version starts (exclusive); null while in force. */
  effectiveTo: DayString.nullable(),
  docNo: z.string().nullable(),
  duties: z.string().nullable(),
  scopes: z.array(ScopeView),
});

export const TimelineEventView = z.object({
  id: z.uuid(),
  occurredOn: DayString,
  module: z.string(),
  kind: z.string(),
  title: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
});

export const DivisionVersionView = z.object({
  id: z.uuid(),
  version: z.number().int(),
  effectiveFrom: DayString,
  effectiveTo: DayString.nullable(),
  docNo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: Instant,
  members: z.number().int(),
});

export const DivisionDetail = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  version: z.number().int(),
  effectiveFrom: DayString,
  docNo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: Instant,
  members: z.array(
    z.object({
      cadreId: z.uuid(),
      name: z.string(),
      post: z.string().nullable(),
      teamPlace: z.string().nullable(),
      duties: z.string().nullable(),
      scopes: z.array(ScopeView),
    }),
  ),
});

/** Whether a version the current user records goes to the organization department for review. */
const SentForReview = z.boolean();

export const DivisionRecorded = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  version: z.number().int(),
  effectiveFrom: DayString,
  sentForReview: SentForReview,
});

export const PeriodView = z.object({
  id: z.uuid(),
  kind: z.enum(['year', 'quarter']),
  year: z.number().int(),
  quarter: z.number().int().nullable(),
  startsOn: DayString,
  endsOn: DayString,
  status: z.enum(['open', 'closed']),
  closedAt: Instant.nullable(),
  closedByName: z.string().nullable(),
  /** 2026年第一季度, 2026年度 */
  label: z.string(),
  can: canFlags('close', 'reopen'),
});

export const CalendarEntryView = z.object({
  day: DayString,
  kind: z.enum(CALENDAR_KINDS),
  name: z.string(),
  source: z.string().nullable(),
});

export const CalendarYearView = z.object({
  year: z.number().int(),
  /** Entered before the State Council published the year's schedule, or not entered at all. */
  provisional: z.boolean(),
  days: z.array(CalendarEntryView),
  workingDays: z.number().int(),
  can: canFlags('edit'),
});

// ——— the endpoints ———

export const orgApi = {
  // directory: names, units and posts, for every staff role (not assessment content)
  listRegions: endpoint({
    method: 'GET',
    path: '/api/org/regions',
    // Towns and streets are the county's geography: every signed-in user may need them
    // (a data provider's indicator catalogue, targets by region).
    access: 'authenticated',
    summary: '区域（辖区与乡镇街道）',
    response: listOf(RegionView),
  }),
  listUnits: endpoint({
    method: 'GET',
    path: '/api/org/units',
    access: 'org.directory.read',
    summary: '单位列表',
    query: UnitQuery,
    response: pageOf(UnitView),
  }),
  unitTree: endpoint({
    method: 'GET',
    path: '/api/org/units/tree',
    access: 'org.directory.read',
    summary: '单位树（按编组）',
    response: z.object({
      tree: z.array(UnitTreeNode),
      /** The unit the page opens on: a unit administrator's own unit. */
      home: z.uuid().nullable(),
    }),
  }),
  getUnit: endpoint({
    method: 'GET',
    path: '/api/org/units/:id',
    access: 'org.directory.read',
    summary: '单位',
    params: IdParams,
    response: UnitView,
  }),
  directory: endpoint({
    method: 'GET',
    path: '/api/org/directory/cadres',
    access: 'org.directory.read',
    summary: '干部通讯录（仅姓名、单位、职务）',
    query: DirectoryQuery,
    response: pageOf(DirectoryCadre),
  }),
  listGroups: endpoint({
    method: 'GET',
    path: '/api/org/liaison-groups',
    access: 'org.directory.read',
    summary: '编组与包联领导',
    response: listOf(LiaisonGroupView),
  }),
  listDict: endpoint({
    method: 'GET',
    path: '/api/org/dict',
    access: 'org.directory.read',
    summary: '字典（职级、角色类型、领域、标签、数据部门）',
    query: DictQuery,
    response: listOf(DictItemView),
  }),

  // registry maintenance (organization department)
  createRegion: endpoint({
    method: 'POST',
    path: '/api/org/regions',
    access: 'org.manage',
    summary: '新增乡镇街道',
    body: RegionBody,
    response: RegionView,
    status: 201,
  }),
  createUnit: endpoint({
    method: 'POST',
    path: '/api/org/units',
    access: 'org.manage',
    summary: '新建单位',
    body: UnitBody,
    response: UnitView,
    status: 201,
  }),
  updateUnit: endpoint({
    method: 'PUT',
    path: '/api/org/units/:id',
    access: 'org.manage',
    summary: '修改单位',
    params: IdParams,
    body: UnitBody,
    response: UnitView,
  }),
  createGroup: endpoint({
    method: 'POST',
    path: '/api/org/liaison-groups',
    access: 'org.manage',
    summary: '新建编组',
    body: LiaisonGroupBody,
    response: LiaisonGroupView,
    status: 201,
  }),
  updateGroup: endpoint({
    method: 'PUT',
    path: '/api/org/liaison-groups/:id',
    access: 'org.manage',
    summary: '修改编组',
    params: IdParams,
    body: LiaisonGroupBody,
    response: LiaisonGroupView,
  }),
  createDictItem: endpoint({
    method: 'POST',
    path: '/api/org/dict',
    access: 'org.manage',
    summary: '新增字典项',
    body: DictBody,
    response: DictItemView,
    status: 201,
  }),
  updateDictItem: endpoint({
    method: 'PUT',
    path: '/api/org/dict/:id',
    access: 'org.manage',
    summary: '修改字典项',
    params: IdParams,
    body: DictBody,
    response: DictItemView,
  }),

  // cadres: assessment content, scoped and audited
  listCadres: endpoint({
    method: 'GET',
    path: '/api/org/cadres',
    shared: true,
    access: 'org.read',
    summary: '干部列表（检索、筛选、分页）',
    query: CadreQuery,
    response: pageOf(CadreView),
  }),
  exportCadres: endpoint({
    method: 'GET',
    path: '/api/org/cadres/export',
    access: 'org.export',
    summary: '导出干部名册（xlsx，带水印）',
    query: CadreQuery.omit({ page: true, pageSize: true }),
    response: 'file',
  }),
  getCadre: endpoint({
    method: 'GET',
    path: '/api/org/cadres/:id',
    access: 'org.read',
    summary: '干部详情',
    params: IdParams,
    response: CadreDetail,
  }),
  appointments: endpoint({
    method: 'GET',
    path: '/api/org/cadres/:id/appointments',
    access: 'org.read',
    summary: '任免经历',
    params: IdParams,
    response: listOf(AppointmentView),
  }),
  responsibilities: endpoint({
    method: 'GET',
    path: '/api/org/cadres/:id/responsibilities',
    access: 'org.read',
    summary: '某日的职责范围（按当日有效的班子分工）',
    params: IdParams,
    query: ResponsibilityQuery,
    response: z.object({ cadreId: z.uuid(), date: DayString, responsibilities: z.array(ResponsibilityView) }),
  }),
  timeline: endpoint({
    method: 'GET',
    path: '/api/org/cadres/:id/timeline',
    access: 'org.timeline.read',
    summary: '干部时间轴',
    params: IdParams,
    query: TimelineQuery,
    response: listOf(TimelineEventView),
  }),
  createCadre: endpoint({
    method: 'POST',
    path: '/api/org/cadres',
    access: 'org.manage',
    summary: '新建干部（含首次任职）',
    body: CadreBody,
    response: CadreView,
    status: 201,
  }),
  updateCadre: endpoint({
    method: 'PUT',
    path: '/api/org/cadres/:id',
    access: 'org.manage',
    summary: '修改干部基本信息',
    params: IdParams,
    body: CadreUpdateBody,
    response: CadreView,
  }),
  transfer: endpoint({
    method: 'POST',
    path: '/api/org/cadres/:id/transfer',
    access: 'org.manage',
    summary: '调动',
    params: IdParams,
    body: TransferBody,
    response: AppointmentView,
  }),
  changePost: endpoint({
    method: 'POST',
    path: '/api/org/cadres/:id/post',
    access: 'org.manage',
    summary: '职务变动（任职、晋升、降职）',
    params: IdParams,
    body: ChangePostBody,
    response: AppointmentView,
  }),
  retire: endpoint({
    method: 'POST',
    path: '/api/org/cadres/:id/retire',
    access: 'org.manage',
    summary: '退休或离任',
    params: IdParams,
    body: RetireBody,
    response: AppointmentView,
  }),

  // division of labour
  listDivisions: endpoint({
    method: 'GET',
    path: '/api/org/units/:id/divisions',
    access: 'org.read',
    summary: '班子分工版本历史',
    params: IdParams,
    response: listOf(DivisionVersionView).extend({ sentForReview: SentForReview }),
  }),
  createDivision: endpoint({
    method: 'POST',
    path: '/api/org/units/:id/divisions',
    access: 'org.division.edit',
    summary: '新增班子分工版本',
    params: IdParams,
    body: DivisionBody,
    response: DivisionRecorded,
    status: 201,
  }),
  getDivision: endpoint({
    method: 'GET',
    path: '/api/org/divisions/:id',
    access: 'org.read',
    summary: '班子分工版本详情',
    params: IdParams,
    response: DivisionDetail,
  }),

  // assessment periods
  listPeriods: endpoint({
    method: 'GET',
    path: '/api/org/periods',
    access: 'authenticated',
    summary: '考核期',
    response: listOf(PeriodView),
  }),
  createYear: endpoint({
    method: 'POST',
    path: '/api/org/periods',
    access: 'org.periods.manage',
    summary: '开设考核年度（含四个季度）',
    body: PeriodBody,
    response: listOf(PeriodView),
    status: 201,
  }),
  closePeriod: endpoint({
    method: 'POST',
    path: '/api/org/periods/:id/close',
    access: 'org.periods.manage',
    summary: '关闭考核期',
    params: IdParams,
    response: PeriodView,
  }),
  reopenPeriod: endpoint({
    method: 'POST',
    path: '/api/org/periods/:id/reopen',
    access: 'org.periods.manage',
    summary: '重新开放考核期',
    params: IdParams,
    response: PeriodView,
  }),

  // the working-day calendar: everyone reads it, the organization department edits it
  calendarYear: endpoint({
    method: 'GET',
    path: '/api/org/calendar',
    access: 'authenticated',
    summary: '某年的节假日与调休安排（默认今年）',
    query: CalendarYearQuery,
    response: CalendarYearView,
  }),
  workingTime: endpoint({
    method: 'GET',
    path: '/api/org/calendar/working-days',
    access: 'authenticated',
    summary: '两个日期之间（含首尾）的工作日数和工时',
    query: WorkingTimeQuery,
    response: z.object({ workingDays: z.number().int(), workingHours: z.number() }),
  }),
  setCalendarDay: endpoint({
    method: 'PUT',
    path: '/api/org/calendar/:day',
    access: 'org.calendar.manage',
    summary: '登记或修改某日（节假日或调休上班）',
    params: CalendarDayParams,
    body: CalendarDayBody,
    response: CalendarEntryView,
  }),
  deleteCalendarDay: endpoint({
    method: 'DELETE',
    path: '/api/org/calendar/:day',
    access: 'org.calendar.manage',
    summary: '删除某日的登记（恢复按周一至周五计）',
    params: CalendarDayParams,
    response: null,
  }),
};

// ——— the module's error codes ———

export const ORG_ERRORS = {
  ORG_UNIT_UNKNOWN: { status: 400, message: '单位不存在' },
  ORG_UNIT_OWN_PARENT: { status: 400, message: '上级单位不能是本单位或其下属单位' },
  ORG_DICT_CODE_UNKNOWN: { status: 400, message: '所填编码不在字典中' },
  ORG_DICT_KEY_FIXED: { status: 409, message: '字典项的类型和编码不能修改，可修改名称或停用' },
  ORG_CADRE_NOT_ACTIVE: { status: 409, message: '该干部已退休或离任' },
  ORG_TRANSFER_SAME_UNIT: { status: 400, message: '调入单位与现单位相同；同单位内变动请用“职务变动”' },
  ORG_APPOINTMENT_DATE_TOO_EARLY: { status: 400, message: '日期应晚于现任职务的起始日期' },
  ORG_DIVISION_DUPLICATE_MEMBER: { status: 400, message: '同一名干部在分工中出现了两次' },
  ORG_DIVISION_MEMBER_OUTSIDE_UNIT: { status: 400, message: '所选干部当日不在本单位任职，不能分配分工' },
  ORG_SCOPE_KIND_UNKNOWN: { status: 400, message: '暂不支持该分工范围类型' },
  ORG_SCOPE_REF_UNKNOWN: { status: 400, message: '分工范围中的项目不存在' },
  ORG_PERIOD_YEAR_EXISTS: { status: 409, message: '该年度考核期已存在' },
  ORG_PERIOD_UNCHANGED: { status: 409, message: '考核期已经是该状态' },
  ORG_CALENDAR_WEEKDAY_WORKDAY: { status: 400, message: '周一至周五本来就是工作日，无需登记为调休上班' },
  ORG_CALENDAR_RANGE_REVERSED: { status: 400, message: '开始日期不能晚于结束日期' },
} as const satisfies Record<string, { status: number; message: string }>;
