/** Chinese names of audit actions, for the audit page. Unknown actions show their code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login.password': '登录（密码通过，待动态码）',
  'auth.login.totp': '登录（动态码）',
  'auth.logout': '退出登录',
  'auth.account.lock': '账号锁定',
  'auth.password.change': '修改密码',
  'auth.totp.enrol.start': '开始绑定动态码',
  'auth.totp.enrol.confirm': '确认绑定动态码',
  'auth.totp.reset': '重置动态码',
  'auth.user.create': '创建账号',
  'auth.user.disable': '停用账号',
  'auth.user.enable': '启用账号',
  'auth.user.reset_password': '重置密码',
  'auth.user.unlock': '解除锁定',
  'auth.role.grant': '授予角色',
  'auth.role.revoke': '撤销角色',
  'auth.policy.update': '修改安全策略',
  'audit.verify': '校验审计链',
  'audit.checkpoint': '生成检查点',
  'system.seed.demo': '生成演示数据',
  'system.init': '初始化（生产模式）',
};

export function auditActionLabel(action: string): string {
  if (AUDIT_ACTION_LABELS[action]) return AUDIT_ACTION_LABELS[action];
  if (/^(GET|POST|PUT|PATCH|DELETE) \//.test(action)) return `访问 ${action}`;
  return action;
}
