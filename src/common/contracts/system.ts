import { z } from 'zod';
import { endpoint, Instant } from '../api.ts';
import { ROLES } from '../roles.ts';
import { Jurisdiction } from '../settings.ts';

/** 平台 (module system): the contract. */

const ModeName = z.enum(['demo', 'production']);

export const SystemInfo = z.object({
  mode: ModeName,
  jurisdiction: Jurisdiction.nullable(),
  /** In demo mode the login page offers the demo accounts; never in production. */
  demo: z
    .object({
      password: z.string(),
      accounts: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.enum(ROLES) })),
    })
    .nullable(),
});

export const OverviewCardView = z.object({
  key: z.string(),
  title: z.string(),
  value: z.number(),
  suffix: z.string().optional(),
  hint: z.string().optional(),
  link: z.string().nullable(),
});

export const JobStatsView = z.object({
  byStatus: z.record(z.string(), z.number().int()),
  recentFailures: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      attempts: z.number().int(),
      errorCode: z.string(),
      errorRef: z.string(),
      updatedAt: Instant,
      status: z.string(),
    }),
  ),
});

export const systemApi = {
  health: endpoint({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    summary: '健康检查',
    response: z.object({ status: z.literal('ok'), database: z.string(), mode: ModeName }),
  }),
  info: endpoint({
    method: 'GET',
    path: '/api/system/info',
    access: 'public',
    summary: '平台名称、辖区与运行模式（登录页用）',
    response: SystemInfo,
  }),
  overview: endpoint({
    method: 'GET',
    path: '/api/system/overview',
    access: 'authenticated',
    summary: '首页实时数字（按角色）',
    response: z.object({ cards: z.array(OverviewCardView), asOf: Instant }),
  }),
  saveJurisdiction: endpoint({
    method: 'PUT',
    path: '/api/system/settings/jurisdiction',
    access: 'system.settings.manage',
    summary: '设置辖区名称与层级',
    body: Jurisdiction,
    response: Jurisdiction,
  }),
  jobs: endpoint({
    method: 'GET',
    path: '/api/system/jobs',
    access: 'system.jobs.read',
    summary: '后台任务状态',
    response: JobStatsView,
  }),
};
