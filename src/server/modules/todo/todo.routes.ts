import { z } from 'zod';
import { IdParams, PageQuery, pageWindow, Uuid } from '../../../common/contracts/page.ts';
import type { App } from '../../http/types.ts';
import { registerOverviewCard } from '../system/overview.service.ts';
import * as todo from './todo.service.ts';

const tags = ['todo 待办与通知'];

registerOverviewCard({
  key: 'todo.open',
  title: '我的待办',
  permission: 'todo.read',
  link: '/todo',
  async load(ctx) {
    return { value: await todo.openTodoCount(ctx), suffix: '项' };
  },
});

export async function todoRoutes(app: App) {
  app.get(
    '/api/todo/items',
    {
      config: { access: 'todo.read' },
      schema: {
        tags,
        summary: '我的待办',
        querystring: PageQuery.extend({ status: z.enum(['open', 'done']).default('open') }),
      },
    },
    async (req) => {
      const out = await todo.listTodos(req.ctx, req.query.status, pageWindow(req.query));
      return { ...out, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.post(
    '/api/todo/items/:id/done',
    { config: { access: 'todo.read' }, schema: { tags, summary: '标记待办已处理', params: IdParams } },
    async (req) => todo.completeTodo(req.ctx, req.params.id),
  );

  app.get(
    '/api/todo/notifications',
    { config: { access: 'authenticated' }, schema: { tags, summary: '站内通知' } },
    async (req) => todo.listNotifications(req.ctx),
  );

  app.post(
    '/api/todo/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: '标记通知已读', body: z.object({ ids: z.array(Uuid).max(200).optional() }) },
    },
    async (req) => {
      await todo.markNotificationsRead(req.ctx, req.body.ids ?? 'all');
      return { ok: true };
    },
  );
}
