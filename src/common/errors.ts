import { AUTH_ERRORS } from './contracts/auth.ts';
import { DELIVERY_ERRORS } from './contracts/delivery.ts';
import { DEVELOPMENT_ERRORS } from './contracts/development.ts';
import { ECONOMY_ERRORS } from './contracts/economy.ts';
import { EVIDENCE_ERRORS } from './contracts/evidence.ts';
import { GROWTH_ERRORS } from './contracts/growth.ts';
import { KEYWORK_ERRORS } from './contracts/keywork.ts';
import { OPINION_ERRORS } from './contracts/opinion.ts';
import { ORG_ERRORS } from './contracts/org.ts';
import { PROFILE_ERRORS } from './contracts/profile.ts';
import { QUADRANT_ERRORS } from './contracts/quadrant.ts';
import { REPORTS_ERRORS } from './contracts/reports.ts';
import { REWARDS_ERRORS } from './contracts/rewards.ts';
import { SCENE_ERRORS } from './contracts/scene.ts';

/** A module's error codes, each with one HTTP status and one Chinese message. */
export type ErrorTable = Record<string, { status: number; message: string }>;

/**
 * Stable error codes shared by server and web. Each code has one HTTP status and one
 * Chinese message; the server is the only place that maps codes to statuses. The platform's
 * codes are here; each module declares its own in its contract (`contracts/<module>.ts`), and
 * the web and the tests decide on codes, never on wording.
 */
const PLATFORM_ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求' },
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  TOTP_REQUIRED: { status: 401, message: '请输入动态验证码' },
  TOTP_INVALID: { status: 401, message: '动态验证码错误或已过期' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  CSRF_FAILED: { status: 403, message: '请求校验失败，请刷新页面后重试' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '请先修改初始密码' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, message: '请先绑定动态验证码' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用' },
  ACCOUNT_LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定' },
  NOT_FOUND: { status: 404, message: '记录不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  ALREADY_EXISTS: { status: 409, message: '记录已存在' },
  CONFLICT: { status: 409, message: '操作与当前状态冲突' },
  REFERENCE_INVALID: { status: 409, message: '引用的记录不存在或仍被使用' },
  SEPARATION_OF_DUTIES: {
    status: 409,
    message: '违反三员分立：系统管理员、安全管理员、审计管理员不得兼任其他角色',
  },
  SELF_ACTION_FORBIDDEN: { status: 409, message: '不能对自己的账号执行此操作' },
  WEAK_PASSWORD: { status: 400, message: '密码强度不足' },
  PASSWORD_REUSED: { status: 400, message: '新密码不能与当前密码相同' },
  AUTH_PASSWORD_IN_HISTORY: { status: 400, message: '新密码不能与最近使用过的密码相同' },
  AUTH_ADDRESS_THROTTLED: { status: 429, message: '该地址登录失败次数过多，请稍后再试' },
  AUTH_RESET_PENDING: { status: 409, message: '该账号已有待安全管理员审批的密码重置申请' },
  AUTH_RESET_NOT_PENDING: { status: 409, message: '该重置申请已处理' },
  PERIOD_CLOSED: { status: 409, message: '所属考核期已关闭，记录只读' },
  FILE_TOO_LARGE: { status: 413, message: '文件过大' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: '不支持的文件类型' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  IMPORT_INVALID: { status: 422, message: '导入文件有错误，未写入任何数据' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  ALREADY_INITIALISED: { status: 409, message: '系统已初始化' },
  BACKUP_INVALID: { status: 422, message: '备份文件无效、不完整或已被篡改' },
  BACKUP_VERSION_MISMATCH: { status: 409, message: '备份的数据库结构版本与当前程序不同' },
  BACKUP_CHAIN_INVALID: { status: 422, message: '备份中的审计链与检查点不符' },
  RESTORE_TARGET_NOT_EMPTY: { status: 409, message: '恢复只能在新建的空数据库上进行' },
  AUDIT_CHECKPOINT_EXPORT_FAILED: { status: 502, message: '审计检查点未能导出到外部位置' },
  DB_UNAVAILABLE: {
    status: 503,
    message: '数据库暂时不可用（可能正在主备切换），请稍后重试；已确认的提交不会丢失',
  },
  INTERNAL: { status: 500, message: '服务器内部错误，请联系管理员' },
  DATA_KEY_UNAVAILABLE: {
    status: 500,
    message: '数据加密密钥不可用：缺少加密该数据的密钥版本，请联系安全管理员检查主密钥配置',
  },
  DATA_INTEGRITY_FAILED: {
    status: 500,
    message: '加密数据校验未通过，可能已被篡改或密钥不符，已拒绝读取，请联系安全管理员',
  },
} as const satisfies ErrorTable;

export const ERRORS = {
  ...PLATFORM_ERRORS,
  ...AUTH_ERRORS,
  ...EVIDENCE_ERRORS,
  ...ORG_ERRORS,
  ...OPINION_ERRORS,
  ...KEYWORK_ERRORS,
  ...SCENE_ERRORS,
  ...GROWTH_ERRORS,
  ...DEVELOPMENT_ERRORS,
  ...QUADRANT_ERRORS,
  ...DELIVERY_ERRORS,
  ...ECONOMY_ERRORS,
  ...REWARDS_ERRORS,
  ...PROFILE_ERRORS,
  ...REPORTS_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetail {
  path?: string;
  message: string;
  row?: number;
}

/** Shape of every error response body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId: string };
}
