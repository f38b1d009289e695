import { profileApi } from '../../../common/contracts/profile.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { cadreProfile } from './profile.service.ts';

const tags = ['profile 干部画像'];

export async function profileRoutes(app: App) {
  routes(app, tags, profileApi, {
    cadre: ({ ctx, params, query }) => cadreProfile(ctx, params.id, query.year),
  });
}
