import { dashboardApi } from '../../../common/contracts/dashboard.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { screen } from './screen.service.ts';

const tags = ['dashboard 综合看板与大屏'];

export async function dashboardRoutes(app: App) {
  routes(app, tags, dashboardApi, {
    screen: ({ ctx }) => screen(ctx),
  });
}
