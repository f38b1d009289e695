import { z } from 'zod';
import { canFlags, endpoint, Instant, pageOf } from '../api.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/**
 * 考察材料与报告 (module reports): the contract. A cadre's 干部考察材料 in the customary structure
 * (德、能、勤、绩、廉 and 主要不足), each statement with the records it rests on; and the period report
 * of the whole method (三走进三同步 and what followed), every figure counted from the records.
 */

export const SECTION_KEYS = ['de', 'neng', 'qin', 'ji', 'lian', 'shortfall'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export const SECTION_LABELS: Record<SectionKey, string> = {
  de: '德',
  neng: '能',
  qin: '勤',
  ji: '绩',
  lian: '廉',
  shortfall: '主要不足',
};
/** The headings of the customary 考察材料. */
export const SECTION_TITLES: Record<SectionKey, string> = {
  de: '一、政治品质和道德品行（德）',
  neng: '二、履职能力（能）',
  qin: '三、工作作风和担当（勤）',
  ji: '四、工作实绩（绩）',
  lian: '五、廉洁自律（廉）',
  shortfall: '六、主要不足',
};
export const REPORT_STATUS_LABELS = { draft: '草稿', final: '已定稿' } as const;
export const REPORT_STATUSES = ['draft', 'final'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A record a statement rests on, with the page that shows it. */
export const SourceRef = z.object({
  type: z.string().trim().min(1).max(40),
  id: z.string().trim().min(1).max(80),
  label: z.string().trim().min(1).max(200),
  link: z.string().max(300).nullable(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const Statement = z.object({
  text: z.string().trim().min(2, '每条表述至少 2 个字').max(2000, '每条表述最多 2000 个字'),
  sources: z.array(SourceRef).max(50),
});
export type Statement = z.infer<typeof Statement>;

export const Section = z.object({
  key: z.enum(SECTION_KEYS),
  statements: z.array(Statement).max(100),
});
export type Section = z.infer<typeof Section>;

/** Six sections, each once, in the customary order. */
const Sections = z
  .array(Section)
  .length(SECTION_KEYS.length, '考察材料须包含德、能、勤、绩、廉和主要不足六个部分')
  .refine((s) => s.every((x, i) => x.key === SECTION_KEYS[i]), {
    message: '考察材料须依次包含德、能、勤、绩、廉和主要不足六个部分',
  });

const Period = z.object({ from: Day, to: Day });
const forwards = <T extends z.ZodType<{ from: string; to: string }>>(s: T) =>
  s.refine((v) => v.from <= v.to, { path: ['from'], message: '开始日期不能晚于结束日期' });

export const DraftBody = forwards(Period.extend({ cadreId: Uuid }));
export const VersionBody = z.object({
  sections: Sections,
  note: z.string().trim().min(2, '请说明本次修改').max(500, '修改说明最多 500 个字'),
  /** The version the editor started from: a stale edit is refused. */
  baseVersion: z.number().int().min(1),
});
export const FinaliseBody = z.object({
  confirm: z.literal(true, { message: '请确认定稿（定稿后不能再修改）' }),
});
export const ReportsQuery = PageQuery.extend({
  status: z.enum(REPORT_STATUSES).optional(),
  cadreId: Uuid.optional(),
  q: z.string().trim().max(50).optional(),
});
export const ReportQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
export const DownloadQuery = ReportQuery.extend({ format: z.enum(['docx', 'pdf']).default('docx') });
export const PeriodQuery = forwards(Period);
export const PeriodDownloadQuery = forwards(
  Period.extend({ format: z.enum(['docx', 'pdf', 'xlsx']).default('docx') }),
);
export const CadreParams = z.object({ cadreId: Uuid });

const CadreRef = z.object({
  id: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});
const ByWhom = z.object({ at: Instant, byName: z.string().nullable() });

export const ReportRowView = z.object({
  id: z.uuid(),
  cadre: CadreRef,
  from: z.string(),
  to: z.string(),
  status: z.enum(REPORT_STATUSES),
  version: z.number().int(),
  released: z.boolean(),
  updated: ByWhom,
});
export const VersionRowView = z.object({
  version: z.number().int(),
  note: z.string(),
  statements: z.number().int(),
  created: ByWhom,
});
export const ReportView = ReportRowView.extend({
  /** The version shown (the latest unless asked). */
  shown: z.number().int(),
  sections: z.array(Section),
  versions: z.array(VersionRowView),
  created: ByWhom,
  finalised: ByWhom.nullable(),
  releasedInfo: ByWhom.nullable(),
  /** Whether LibreOffice is there to make a PDF. */
  pdf: z.boolean(),
  can: canFlags('edit', 'finalise', 'release', 'download'),
});

/** One figure of the period report: its value and how it was counted. */
export const Figure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  unit: z.string(),
  /** The records counted, in words (table and rule). */
  basis: z.string(),
  link: z.string().nullable(),
});
export const PeriodPart = z.object({
  key: z.string(),
  title: z.string(),
  group: z.enum(['walk', 'sync', 'use']),
  sentence: z.string(),
  figures: z.array(Figure),
});
export const PeriodView = z.object({
  from: z.string(),
  to: z.string(),
  title: z.string(),
  parts: z.array(PeriodPart),
  pdf: z.boolean(),
});
export type PeriodView = z.infer<typeof PeriodView>;

export const reportsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/reports/cadre-reports',
    access: 'reports.read',
    summary: '干部考察材料（组织部看全部；干部本人只看已发布的本人材料）',
    query: ReportsQuery,
    response: pageOf(ReportRowView),
  }),
  draft: endpoint({
    method: 'POST',
    path: '/api/reports/cadre-reports',
    access: 'reports.draft',
    summary: '根据平台记录起草干部考察材料（每条表述注明来源记录）',
    body: DraftBody,
    response: ReportView,
    status: 201,
  }),
  report: endpoint({
    method: 'GET',
    path: '/api/reports/cadre-reports/:id',
    access: 'reports.read',
    summary: '考察材料详情（可查看历史版本）',
    params: IdParams,
    query: ReportQuery,
    response: ReportView,
  }),
  edit: endpoint({
    method: 'POST',
    path: '/api/reports/cadre-reports/:id/versions',
    access: 'reports.draft',
    summary: '修改考察材料（保存为新版本；定稿后不能修改）',
    params: IdParams,
    body: VersionBody,
    response: ReportView,
    status: 201,
  }),
  finalise: endpoint({
    method: 'POST',
    path: '/api/reports/cadre-reports/:id/finalise',
    access: 'reports.finalise',
    summary: '定稿（组织部领导；定稿后锁定）',
    params: IdParams,
    body: FinaliseBody,
    response: ReportView,
  }),
  release: endpoint({
    method: 'POST',
    path: '/api/reports/cadre-reports/:id/release',
    access: 'reports.finalise',
    summary: '向干部本人发布已定稿的考察材料',
    params: IdParams,
    response: ReportView,
  }),
  download: endpoint({
    method: 'GET',
    path: '/api/reports/cadre-reports/:id/download',
    access: 'reports.read',
    summary: '下载考察材料（Word 或 PDF）',
    params: IdParams,
    query: DownloadQuery,
    response: 'file',
  }),
  latestFinal: endpoint({
    method: 'GET',
    path: '/api/reports/cadres/:cadreId/final',
    access: 'reports.read',
    summary: '干部最新的定稿考察材料（附于提拔动议；没有时为空）',
    params: CadreParams,
    response: z.object({ report: ReportRowView.nullable(), pdf: z.boolean() }),
  }),
  period: endpoint({
    method: 'GET',
    path: '/api/reports/period',
    access: 'reports.period',
    summary: '“三走进三同步”工作法阶段报告（数字均由记录统计）',
    query: PeriodQuery,
    response: PeriodView,
  }),
  periodDownload: endpoint({
    method: 'GET',
    path: '/api/reports/period/download',
    access: 'reports.period',
    summary: '下载阶段报告（Word、PDF）或统计表（Excel）',
    query: PeriodDownloadQuery,
    response: 'file',
  }),
};

/** Error codes of module `reports`. */
export const REPORTS_ERRORS = {
  REPORTS_NOT_FOUND: { status: 404, message: '考察材料不存在' },
  REPORTS_FINAL_LOCKED: { status: 409, message: '考察材料已定稿锁定，不能再修改' },
  REPORTS_STALE_VERSION: { status: 409, message: '考察材料已被他人修改，请刷新后在最新版本上修改' },
  REPORTS_SOURCE_INVALID: { status: 400, message: '表述所依据的记录不存在，请删除该依据后再保存' },
  REPORTS_UNFILLED: { status: 409, message: '考察材料仍有待补充的段落，请补充后再定稿' },
  REPORTS_NOT_FINAL: { status: 409, message: '考察材料尚未定稿，不能发布' },
  REPORTS_ALREADY_RELEASED: { status: 409, message: '考察材料已向本人发布' },
  REPORTS_NOT_RELEASED: { status: 403, message: '考察材料尚未向本人发布' },
  REPORTS_NOT_YOURS: { status: 403, message: '只能查看本人的考察材料' },
  REPORTS_VERSION_NOT_FOUND: { status: 404, message: '该版本不存在' },
  REPORTS_PDF_UNAVAILABLE: {
    status: 503,
    message: '服务器未安装 LibreOffice，暂不能生成 PDF，请下载 Word 版本',
  },
  REPORTS_PDF_FAILED: { status: 502, message: 'PDF 转换失败，请下载 Word 版本或稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;
