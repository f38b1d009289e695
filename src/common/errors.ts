/**
 * Stable error codes shared by server and web. Each code has one HTTP status and one
 * Chinese message; the server is the only place that maps codes to statuses.
 */
export const ERRORS = {
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
  PERIOD_CLOSED: { status: 409, message: '所属考核期已关闭，记录只读' },
  FILE_TOO_LARGE: { status: 413, message: '文件过大' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: '不支持的文件类型' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  IMPORT_INVALID: { status: 422, message: '导入文件有错误，未写入任何数据' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  LINK_INVALID: { status: 404, message: '评价链接无效，请核对链接或二维码' },
  LINK_USED: { status: 409, message: '该评价链接已经使用过' },
  SLIP_INVALID: { status: 404, message: '评价码无效，请核对评价卡上的评价码' },
  SLIP_USED: { status: 409, message: '该评价码已经使用过' },
  PUBLIC_QUOTA_EXCEEDED: { status: 409, message: '本轮群众测评的评价卡数量已达上限' },
  CAMPAIGN_NOT_OPEN: { status: 409, message: '测评尚未开始' },
  CAMPAIGN_CLOSED: { status: 409, message: '测评已经结束' },
  ALREADY_INITIALISED: { status: 409, message: '系统已初始化' },
  KEYWORK_NO_OPEN_PERIOD: { status: 409, message: '当前没有可报送的进度期：本期已报送，或报送期限已过' },
  KEYWORK_TASK_CLOSED: { status: 409, message: '该任务已完成或暂停，不再报送进度' },
  KEYWORK_MILESTONE_DONE: { status: 409, message: '该节点已完成，不能再调整' },
  KEYWORK_RULE_UNCHANGED: { status: 409, message: '规则未作任何调整，无需新增版本' },
  KEYWORK_INSPECTION_OPEN: { status: 409, message: '该任务已有进行中的定向考察' },
  KEYWORK_INSPECTION_CONCLUDED: { status: 409, message: '该定向考察已作出结论，记录只读' },
  KEYWORK_NO_FINDINGS: { status: 409, message: '请先记录至少一名干部的考察发现，再作结论' },
  KEYWORK_CADRE_NOT_IN_TASK: { status: 409, message: '所选干部不属于本任务的牵头、配合单位或专班' },
  KEYWORK_ASSESSMENT_CONCLUDED: { status: 409, message: '该专项研判已作出结论，记录只读' },
  KEYWORK_TASK_UNCHANGED: { status: 409, message: '任务信息未作任何修改' },
  KEYWORK_TASK_REPORTED: {
    status: 409,
    message: '该任务已有进度报送，不能更改牵头单位或报送频次，否则已报送的进度将无所归属',
  },
  KEYWORK_TASK_IN_USE: { status: 409, message: '所删除的单位或人员仍关联本任务的协调事项或节点，不能删除' },
  KEYWORK_FINDING_HAS_FILES: {
    status: 409,
    message: '该考察发现已附证据材料，不能删除；如需更正，请修改发现内容',
  },
  INTERNAL: { status: 500, message: '服务器内部错误，请联系管理员' },
} as const satisfies Record<string, { status: number; message: string }>;

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
