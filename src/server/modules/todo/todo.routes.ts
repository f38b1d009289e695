import { pageWindow } from '../../../common/contracts/page.ts';
import { todoApi } from '../../../common/contracts/todo.ts';
import { routes } from '../../http/route.ts';
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
  routes(app, tags, todoApi, {
    list: async ({ ctx, query }) => ({
      ...(await todo.listTodos(ctx, query.status, pageWindow(query))),
      page: query.page,
      pageSize: query.pageSize,
    }),
    done: ({ ctx, params }) => todo.completeTodo(ctx, params.id),
    notifications: ({ ctx }) => todo.listNotifications(ctx),
    markRead: async ({ ctx, body }) => {
      await todo.markNotificationsRead(ctx, body.ids ?? 'all');
      return { ok: true as const };
    },
  });
}
