import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  poll,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

function ok<T>(r: { statusCode: number; body: string }): T {
  expect(r.statusCode, r.body).toBeLessThan(300);
  return JSON.parse(r.body) as T;
}

/** The row of an antd table (found by test id) that mentions `text`. */
function row(page: Page, table: string, text: string) {
  return page.getByTestId(table).locator('tr.ant-table-row').filter({ hasText: text });
}

describeBrowser('待办 in the browser: a wait on a leader reaches their list and leaves it when done', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * A cadre of a unit in the liaison group the demo leader leads (包联), observed at a meeting
   * and nominated by an officer through the API: the nomination waits for the leader's 确认.
   */
  async function nominated(title: string) {
    const [c] = (
      await server.db.superuser(
        `SELECT c.id, c.name, u.id AS unit_id FROM auth_users a
           JOIN auth_user_roles r ON r.user_id = a.id AND r.role = 'org_leader'
           JOIN org_liaison_groups g ON g.leader_cadre_id = r.cadre_id
           JOIN org_units u ON u.liaison_group_id = g.id
           JOIN org_cadres c ON c.unit_id = u.id AND c.status = 'active'
          WHERE a.username = 'leader'
          ORDER BY u.code, c.code LIMIT 1`,
      )
    ).rows as { id: string; name: string; unit_id: string }[];
    const officer = await server.as('officer');
    const day = dayjs().subtract(2, 'day').format('YYYY-MM-DD');
    const activity = ok<{ id: string }>(
      await officer.post('/api/scene/activities', {
        kind: 'meeting',
        subtype: 'party_committee',
        title,
        unitId: c!.unit_id,
        agenda: [{ title: '研究重大项目资金安排', tag: 'sanzhong_yida' }],
        startsOn: day,
        endsOn: day,
      }),
    );
    ok(
      await officer.post(`/api/scene/activities/${activity.id}/observations`, {
        cadreId: c!.id,
        ratings: { stance: 5, rules: 5, initiative: 5 },
        notes: '会上主动认领征迁难题，表态担当',
      }),
    );
    ok(
      await officer.post(`/api/scene/activities/${activity.id}/nominations`, {
        cadreId: c!.id,
        reason: '会上主动认领征迁难题，带头攻坚',
      }),
    );
    return c!;
  }

  it('shows the leader the 担当作为推荐 waiting for 确认, and takes it off once confirmed', async () => {
    const title = `待办测试：列席党委会议 ${Date.now()}`;
    const cadre = await nominated(title);
    const leaderApi = await server.as('leader');
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'leader');
    await page.goto('/todo');
    const item = row(page, 'todo-table', title);
    await poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain(`确认担当作为推荐：${cadre.name}`);
    expect(await item.textContent()).toContain('担当作为推荐待确认');
    // It closes with the nomination: there is nothing to mark by hand.
    expect(await item.getByRole('button', { name: '标记已处理' }).count()).toBe(0);
    // The home page counts what the list shows.
    const list = ok<{ total: number }>(await leaderApi.get('/api/todo/items?status=open'));
    const cards = ok<{ cards: { key: string; value: number }[] }>(
      await leaderApi.get('/api/system/overview'),
    );
    expect(cards.cards.find((x) => x.key === 'todo.open')?.value).toBe(list.total);
    await snap(page, 'todo-leader-nomination');

    await item.getByRole('link', { name: '去处理' }).click();
    await page.waitForURL(/\/scene\/nominations/);
    const n = row(page, 'nominations-table', title);
    await poll(() => n.count()).toBe(1);
    await n.getByTestId('nomination-confirm').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '确认担当作为突出？' });
    await dialog.waitFor();
    await settled(dialog);
    await page.getByTestId('decide-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    // The page lists those waiting for 确认: the confirmed one leaves it.
    await poll(() => n.count()).toBe(0);

    await page.goto('/todo');
    await page.getByTestId('todo-table').locator('tr').first().waitFor();
    await poll(() => row(page, 'todo-table', '确认担当作为推荐').filter({ hasText: title }).count()).toBe(0);
    await page.getByRole('tab', { name: '已处理' }).click();
    const done = row(page, 'todo-table', title);
    await poll(() => done.count()).toBe(1);
    expect(await done.textContent()).toContain('已处理');
    await snap(page, 'todo-leader-done');
    await ctx.close();
  });
});
