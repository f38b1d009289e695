import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

type Profile = {
  cadre: { id: string; name: string };
  sections: { key: string; rows: { figure: string | null; link: string | null }[] }[];
};

async function ownCadreId(username: string) {
  const me = (await (await server.as(username)).get('/api/auth/me')).json() as {
    roles: { role: string; cadreId: string | null }[];
  };
  return me.roles.find((r) => r.role === 'cadre')!.cadreId!;
}

describeBrowser('干部画像 in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens a demo cadre's profile and lands on a figure's record with one click", async () => {
    const id = await ownCadreId('cadre');
    const officer = await server.as('officer');
    const profile = (await officer.get(`/api/profile/cadres/${id}`)).json() as Profile;
    const tasks = profile.sections.find((s) => s.key === 'tasks')!;
    const target = tasks.rows.find((r) => r.figure && r.link);
    expect(target, '演示干部应有干事清单').toBeTruthy();

    const { ctx, page } = await newPage(browser, server.url);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'officer');
    // From the cadre registry's detail page to the profile.
    await page.goto(`/org/cadres/${id}`);
    await page.getByTestId('profile-link').click();
    await page.waitForURL((u) => u.pathname === `/profile/${id}`);
    await page.getByTestId('profile-section-tasks').waitFor();
    await page.getByTestId('profile-section-decisions').waitFor();
    await page.getByTestId('profile-chart-tasks').locator('canvas').first().waitFor();
    await snap(page, 'profile-department');
    await snap(page, 'profile-department-top', { fullPage: false });
    await page.emulateMedia({ media: 'print' });
    await snap(page, 'profile-print');
    await page.emulateMedia({ media: 'screen' });

    await page.getByTestId('profile-section-tasks').getByTestId('profile-figure').first().click();
    await page.waitForURL((u) => u.pathname === target!.link);
    await page.getByText(profile.cadre.name).first().waitFor();
    await ctx.close();
  });

  it('shows a cadre their own profile only, without the department’s sections', async () => {
    const id = await ownCadreId('cadre');
    const otherId = await ownCadreId('mentor');
    const { ctx, page } = await newPage(browser, server.url);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'cadre');
    await page.getByTestId('side-menu').getByText('我的画像').click();
    await page.waitForURL((u) => u.pathname === `/profile/${id}`);
    await page.getByTestId('profile-section-tasks').waitFor();
    await page.getByText('本人视图（仅已发布内容）').waitFor();
    expect(await page.getByTestId('profile-section-opinion').count()).toBe(0);
    expect(await page.getByTestId('profile-section-economy').count()).toBe(0);
    expect(await page.getByTestId('profile-section-keywork').count()).toBe(0);
    await snap(page, 'profile-self');

    // Another cadre's address: the server's refusal, not their record.
    await page.goto(`/profile/${otherId}`);
    await page.getByText('只能查看本人或本单位干部的画像').waitFor();
    expect(await page.getByTestId('profile').count()).toBe(0);
    await ctx.close();
  });
});
