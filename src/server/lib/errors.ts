import { ERRORS, type ErrorCode, type ErrorDetail } from '../../common/errors.ts';

/** The one error type of the server: a stable code, a Chinese message, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  readonly status: number;

  constructor(code: ErrorCode, message?: string, details?: ErrorDetail[]) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.details = details;
    this.status = ERRORS[code].status;
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const invalid = (message: string, details?: ErrorDetail[]) =>
  new AppError('VALIDATION_FAILED', message, details);
/** A refusal about one field of the body: its message also stands beside the field (`body.<field>`). */
export const fieldError = (field: string, message: string, code: ErrorCode = 'VALIDATION_FAILED') =>
  new AppError(code, message, [{ path: `body.${field}`, message }]);

/** PostgreSQL error codes that are the client's fault, mapped to our codes. */
const PG_CODES: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: 'ALREADY_EXISTS', message: '记录已存在（重复）' },
  '23503': { code: 'REFERENCE_INVALID', message: '引用的记录不存在或仍被其他记录使用' },
  '23514': { code: 'VALIDATION_FAILED', message: '数据不满足约束条件' },
  '23502': { code: 'VALIDATION_FAILED', message: '缺少必填数据' },
  '22P02': { code: 'VALIDATION_FAILED', message: '数据格式不正确' },
  '22001': { code: 'VALIDATION_FAILED', message: '文本过长' },
  '22003': { code: 'VALIDATION_FAILED', message: '数值超出范围' },
  '22007': { code: 'VALIDATION_FAILED', message: '日期时间格式不正确' },
  '22008': { code: 'VALIDATION_FAILED', message: '日期时间超出范围' },
  '22021': { code: 'VALIDATION_FAILED', message: '文本含有无法保存的字符（如空字符）' },
  '22P05': { code: 'VALIDATION_FAILED', message: '文本含有无法保存的字符（如空字符）' },
  '40001': { code: 'CONFLICT', message: '并发修改冲突，请重试' },
  '40P01': { code: 'CONFLICT', message: '并发修改冲突，请重试' },
};

/** What a unique constraint means to the user, where the generic message would not help. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  org_cadres_code_uq: '人员编号已被使用',
  org_units_code_uq: '单位代码已被使用',
  org_units_name_uq: '单位名称已存在',
  org_dict_items_kind_code_uq: '该字典中已有相同编码',
  org_dict_items_kind_name_uq: '该字典中已有相同名称',
  org_liaison_groups_name_uq: '编组名称已存在',
  org_regions_code_uq: '区域代码已被使用',
  auth_users_username_uq: '用户名已被使用',
};

/** Turns a database error caused by bad input into an AppError; other errors pass through. */
export function fromDatabaseError(err: unknown): AppError | null {
  if (databaseUnreachable(err)) return new AppError('DB_UNAVAILABLE');
  const pgCode = findPgCode(err);
  if (!pgCode) return null;
  const hit = PG_CODES[pgCode];
  if (!hit) return null;
  const constraint = findField(err, 'constraint');
  const specific = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
  return new AppError(hit.code, specific ?? hit.message);
}

/**
 * PostgreSQL refused the transaction only because of another one running at the same time (a
 * serialization failure, or chosen as the victim of a deadlock): run again, it may well succeed.
 */
export function isRetryableConflict(err: unknown): boolean {
  const code = findPgCode(err);
  return code === '40001' || code === '40P01';
}

function findField(err: unknown, field: string): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const v = (e as Record<string, unknown>)[field];
    if (typeof v === 'string') return v;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function findPgCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * PostgreSQL is down, restarting or failing over: the connection was refused or cut, the server
 * is shutting down or still starting, or the node reached has become a read-only standby.
 * Nothing was committed by the failed request; the client may retry.
 */
const UNREACHABLE_PG = /^(08...|57P0[123]|25006)$/;
const UNREACHABLE_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
function databaseUnreachable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_PG.test(code) || UNREACHABLE_NET.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /^Connection terminated|encountered a connection error|Connection ended unexpectedly|只读的备库|没有可写的数据库节点/.test(
        message,
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
