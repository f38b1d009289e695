import dayjs from 'dayjs';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authUserRoles, authUsers, orgCadres, orgUnits } from '../src/server/db/schema/index.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  openMenu,
  pick,
  poll,
  settled,
  snap,
  startE2eServer,
} from './helpers.ts';

let server: E2eServer;
let browser: Browser;

/** Width and height of the photo the test takes (a JPEG drawn on a canvas). */
const PHOTO_SIZE = [160, 120] as const;

/** A small JPEG, as a camera would send it: sky, a flooded street and a figure in a rain cape. */
async function takePhoto(page: Page): Promise<Buffer> {
  const url = await page.evaluate(([w, h]) => {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    g.fillStyle = '#6b7f95';
    g.fillRect(0, 0, w, h * 0.55);
    g.fillStyle = '#8a7a52';
    g.fillRect(0, h * 0.55, w, h * 0.45);
    g.fillStyle = '#f59e0b';
    g.fillRect(w * 0.42, h * 0.35, w * 0.16, h * 0.4);
    return c.toDataURL('image/jpeg', 0.9);
  }, PHOTO_SIZE);
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

/** The natural width of each image in `el` once it has loaded (0 for one that failed). */
function imageWidths(el: Locator) {
  return el
    .locator('img')
    .evaluateAll((imgs) =>
      imgs.map((i) => ((i as HTMLImageElement).complete ? (i as HTMLImageElement).naturalWidth : -1)),
    );
}

const TITLE = '浏览器测试：第9号台风防御一线考察';
// Before today: an activity cannot start later than today, and this one is over.
const STARTS = dayjs().subtract(3, 'day').format('YYYY-MM-DD');
const ENDS = dayjs().subtract(2, 'day').format('YYYY-MM-DD');
const NOTES_A = '台风登陆前连夜带队转移低洼区域群众 126 人，现场指挥地下车库挡水，冲锋在前。';
const NOTES_B = '按预案到岗值守，协调物资调配，群众工作细致。';
const REASON = '台风防御中连续 36 小时坚守一线，带队转移群众，确保零伤亡。';

/** The row of an antd table (found by test id) that mentions `text`. */
function row(page: Page, table: string, text: string) {
  return page.getByTestId(table).locator('tr.ant-table-row').filter({ hasText: text });
}

describeBrowser('走进现场察担当 in the browser: from an inspection to an outstanding cadre', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The cadre the demo account `cadre` is linked to, and one other cadre observed with them. */
  let mine: { id: string; name: string; unitName: string | null };
  let other: { id: string; name: string; unitName: string | null };
  let dongchengId = '';
  beforeAll(async () => {
    const db = server.db.deps.db;
    const [link] = await db
      .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name })
      .from(authUserRoles)
      .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
      .innerJoin(orgCadres, eq(orgCadres.id, authUserRoles.cadreId))
      .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
      .where(and(eq(authUsers.username, 'cadre'), eq(authUserRoles.role, 'cadre')));
    mine = link!;
    const [dongcheng] = await db.select().from(orgUnits).where(eq(orgUnits.name, '东城街道'));
    dongchengId = dongcheng!.id;
    const [someone] = await db
      .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name })
      .from(orgCadres)
      .innerJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
      .where(
        and(eq(orgCadres.unitId, dongchengId), eq(orgCadres.status, 'active'), ne(orgCadres.id, mine.id)),
      )
      .orderBy(asc(orgCadres.code))
      .limit(1);
    other = someone!;
  });

  /**
   * What the first test does in the page, through the API, for the tests after it (each builds
   * its own): an inspection titled `title`, the two cadres observed (the own cadre with `photo`),
   * the own cadre nominated — and confirmed by the leader if `confirmed`.
   */
  async function observedInspection(title: string, notes: string, photo: Buffer | null, confirmed = false) {
    const officer = await server.as('officer');
    const ok = <T>(r: { statusCode: number; body: string; json(): unknown }) => {
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json() as T;
    };
    const activity = ok<{ id: string }>(
      await officer.post('/api/scene/activities', {
        kind: 'emergency',
        subtype: 'flood_typhoon',
        title,
        startsOn: STARTS,
        endsOn: ENDS,
        unitId: dongchengId,
        place: '东城街道沿江社区',
      }),
    );
    const observe = async (cadreId: string, r: [number, number, number], text: string) =>
      ok<{ id: string }>(
        await officer.post(`/api/scene/activities/${activity.id}/observations`, {
          cadreId,
          ratings: { front: r[0], command: r[1], masses: r[2] },
          notes: text,
        }),
      );
    const own = await observe(mine.id, [5, 4, 5], notes);
    await observe(other.id, [3, 4, 3], NOTES_B);
    if (photo) {
      ok(
        await officer.upload('/api/evidence/files', [{ name: '现场.jpg', bytes: photo }], {
          ownerType: 'scene_observation',
          ownerId: own.id,
        }),
      );
    }
    const nomination = ok<{ id: string }>(
      await officer.post(`/api/scene/activities/${activity.id}/nominations`, {
        cadreId: mine.id,
        reason: REASON,
      }),
    );
    if (confirmed) {
      const leader = await server.as('leader');
      ok(
        await leader.post(`/api/scene/nominations/${nomination.id}/decide`, {
          decision: 'confirmed',
          note: '同意认定',
        }),
      );
    }
    return `/scene/activities/${activity.id}`;
  }

  it('lets the officer register an inspection, record two cadres with a photo, and nominate one', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await openMenu(page, '现场担当', '现场考察活动');
    await page.waitForURL(/\/scene\/activities$/);

    // 登记活动: an emergency inspection of flood and typhoon defence, over two days last week.
    await page.getByTestId('activity-create').click();
    await settled(page.locator('.ant-modal').filter({ hasText: '登记活动' }));
    await page.getByTestId('activity-kind').getByText('急难险重专项考察').click();
    await pick(page, 'activity-subtype', { option: '防汛抗台' });
    // The range picker gives its test id to both of its inputs: the start, then the end.
    const dates = page.getByTestId('activity-dates');
    await dates.nth(0).click();
    await dates.nth(0).fill(STARTS);
    await dates.nth(0).press('Enter');
    await dates.nth(1).fill(ENDS);
    await dates.nth(1).press('Enter');
    await poll(() => dates.nth(0).inputValue()).toBe(STARTS);
    await poll(() => dates.nth(1).inputValue()).toBe(ENDS);
    await page.getByTestId('activity-title').fill(TITLE);
    await pick(page, 'activity-unit', { search: '东城', option: '东城街道' });
    await page.getByTestId('activity-place').fill('东城街道沿江社区');
    await snap(page, 'scene-activity-form', { fullPage: false });
    await page.getByTestId('activity-save').click();
    await page.waitForURL(/\/scene\/activities\/[0-9a-f-]{36}$/);
    await poll(() => page.locator('.ant-descriptions').textContent()).toContain(`${STARTS} 至 ${ENDS}`);
    const info = (await page.locator('.ant-descriptions').textContent()) ?? '';
    expect(info).toContain('东城街道');
    expect(info).toContain('主动冲锋在前、现场指挥协调、群众工作');
    expect(await page.locator('.ant-card').first().textContent()).toContain('防汛抗台');

    // Two observations, each rated on the three dimensions; the first with a photo.
    const observe = async (
      c: { name: string; unitName: string | null },
      stars: [number, number, number],
      notes: string,
      photo: boolean,
    ) => {
      await page.getByTestId('observation-create').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '记录观察' });
      await dialog.waitFor();
      await settled(dialog);
      await pick(page, 'observation-cadre', { search: c.name, option: `${c.name}（${c.unitName ?? ''}` });
      for (const [i, code] of ['front', 'command', 'masses'].entries()) {
        const rate = page.getByTestId(`observation-rating-${code}`);
        await rate
          .locator('.ant-rate-star')
          .nth(stars[i]! - 1)
          .click();
        await poll(() => rate.locator('.ant-rate-star-full').count()).toBe(stars[i]);
      }
      // Away from the stars, whose tooltips then close.
      await page.getByTestId('observation-notes').click();
      await page.getByTestId('observation-notes').fill(notes);
      if (photo) {
        await dialog.locator('input[type=file]').setInputFiles({
          name: '现场.jpg',
          mimeType: 'image/jpeg',
          buffer: await takePhoto(page),
        });
        await poll(() => dialog.getByText('现场.jpg').count()).toBeGreaterThan(0);
        await poll(() => page.locator('.ant-tooltip:visible').count()).toBe(0);
        await settled(dialog);
        await snap(page, 'scene-observation-form', { fullPage: false });
      }
      await page.getByTestId('observation-save').click();
      await dialog.waitFor({ state: 'hidden' });
      await poll(() => row(page, 'observation-table', c.name).count()).toBe(1);
    };
    await observe(mine, [5, 4, 5], NOTES_A, true);
    await observe(other, [3, 4, 3], NOTES_B, false);
    await poll(() => page.getByTestId('observation-table').locator('tr.ant-table-row').count()).toBe(2);
    const rowA = row(page, 'observation-table', mine.name);
    await poll(() => rowA.getByTestId('evidence-thumb').count()).toBe(1);
    // The thumbnail shows the photo as stored: the same picture comes back from the server.
    await poll(() => imageWidths(rowA)).toEqual([PHOTO_SIZE[0]]);
    expect(await rowA.textContent()).toContain(NOTES_A);
    expect(await rowA.textContent()).toContain('未公开');
    // The ratings show as figures, one column per dimension.
    expect(await rowA.locator('td').nth(1).textContent()).toContain('5');
    expect(await rowA.locator('td').nth(2).textContent()).toContain('4');
    expect(await row(page, 'observation-table', other.name).getByTestId('evidence-thumb').count()).toBe(0);

    // 推荐担当作为突出: the cadre with the photo.
    await page.getByTestId('nomination-create').click();
    await settled(page.locator('.ant-modal').filter({ hasText: '推荐担当作为突出' }));
    await pick(page, 'nomination-cadre', { option: mine.name });
    await page.getByTestId('nomination-reason').fill(REASON);
    await page.getByTestId('nomination-save').click();
    const nominated = row(page, 'nomination-table', mine.name);
    await poll(() => nominated.count()).toBe(1);
    expect(await nominated.textContent()).toContain(REASON);
    expect(await nominated.getByTestId('nomination-status').textContent()).toBe('待确认');
    // An officer records and nominates; only a leader decides or releases.
    expect(await page.getByTestId('nomination-confirm').count()).toBe(0);
    expect(await page.getByTestId('observation-release').count()).toBe(0);
    await snap(page, 'scene-activity-observed');
    await ctx.close();
  });

  it('lets the leader confirm the nomination', async () => {
    const title = `${TITLE}（确认推荐）`;
    const activityUrl = await observedInspection(title, NOTES_A, null);
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'leader');
    await openMenu(page, '现场担当', '担当作为推荐');
    await page.waitForURL(/\/scene\/nominations/);
    const n = row(page, 'nominations-table', title);
    await poll(() => n.count()).toBe(1);
    expect(await n.textContent()).toContain(mine.name);
    expect(await n.getByTestId('nomination-status').textContent()).toBe('待确认');
    await n.getByTestId('nomination-confirm').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '确认担当作为突出？' });
    await dialog.waitFor();
    await settled(dialog);
    expect(await dialog.textContent()).toContain(REASON);
    await page.getByTestId('decide-note').fill('同意认定');
    await snap(page, 'scene-nomination-confirm', { fullPage: false });
    await page.getByTestId('decide-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => n.getByTestId('nomination-status').textContent()).toBe('已确认');
    expect(await n.textContent()).toContain('同意认定');
    expect(await n.getByTestId('nomination-confirm').count()).toBe(0);
    await snap(page, 'scene-nominations-confirmed');

    // The activity page says the same.
    await page.goto(activityUrl);
    const onPage = row(page, 'nomination-table', mine.name);
    await poll(() => onPage.getByTestId('nomination-status').textContent()).toBe('已确认');
    await ctx.close();
  });

  it('shows the cadre the confirmation on their timeline, and the observation as not yet released', async () => {
    const title = `${TITLE}（本人时间轴）`;
    const notes = `${NOTES_A}（时间轴）`;
    await observedInspection(title, notes, null, true);
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'cadre');
    await openMenu(page, '我的档案');
    await page.waitForURL(/\/me$/);
    await poll(() => page.getByTestId('cadre-name').textContent()).toContain(mine.name);
    await page.getByRole('tab', { name: '时间轴' }).click();
    await poll(() => page.getByTestId('timeline').textContent()).toContain(`担当作为突出：${title}`);
    // The observation itself is on the timeline too, on the day of the activity, without its notes.
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).toContain(`${STARTS}现场考察：急难险重专项考察`);
    expect(timeline).not.toContain(notes);
    await snap(page, 'scene-cadre-timeline');

    await openMenu(page, '现场担当', '我的现场考察');
    await page.waitForURL(/\/scene\/mine$/);
    const card = page.getByTestId('my-observation').filter({ hasText: title });
    await poll(() => card.count()).toBe(1);
    expect(await card.getByTestId('my-observation-pending').textContent()).toContain(
      '考察记录尚未向本人公开',
    );
    expect(await card.textContent()).toContain(STARTS);
    expect(await card.textContent()).not.toContain(notes);
    expect(await card.getByTestId('evidence-thumb').count()).toBe(0);
    await snap(page, 'scene-mine-pending');
    await ctx.close();
  });

  it('lets the leader release the observation, and the cadre then read the notes and see the photo', async () => {
    const title = `${TITLE}（公开）`;
    const leader = await newPage(browser, server.url);
    const activityUrl = await observedInspection(title, NOTES_A, await takePhoto(leader.page));
    await login(leader.page, 'leader');
    await leader.page.goto(activityUrl);
    const rowA = row(leader.page, 'observation-table', mine.name);
    await rowA.getByTestId('observation-release').click();
    const confirm = leader.page.locator('.ant-modal-confirm').filter({ hasText: `向${mine.name}本人公开` });
    await confirm.waitFor();
    await leader.page.getByTestId('release-ok').click();
    await confirm.waitFor({ state: 'hidden' });
    await poll(() => rowA.getByTestId('observation-released').count()).toBe(1);
    // The other cadre's observation stays closed.
    const rowB = row(leader.page, 'observation-table', other.name);
    expect(await rowB.getByTestId('observation-release').count()).toBe(1);
    await leader.ctx.close();

    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'cadre');
    await page.goto('/scene/mine');
    const card = page.getByTestId('my-observation').filter({ hasText: title });
    await poll(() => card.textContent()).toContain(NOTES_A);
    expect(await card.getByTestId('my-observation-pending').count()).toBe(0);
    expect(await card.textContent()).toContain('公开于');
    await poll(() => imageWidths(card)).toEqual([PHOTO_SIZE[0]]);
    await poll(() => card.locator('.ant-rate-star-full').count()).toBe(14);
    await snap(page, 'scene-mine-released');
    await ctx.close();
  });
});

describeBrowser('走进现场察担当 in the browser: an event ranked by calibrated scores', () => {
  let own: E2eServer;
  let chromium: Browser;
  beforeAll(async () => {
    own = await startE2eServer();
    chromium = await launchBrowser();
  });
  afterAll(async () => {
    await chromium?.close();
    await own?.close();
  });

  it('shows each participant’s calibrated score with its interval beside the raw mean, and warns of a judge with too few scores', async () => {
    // The event and its score sheets through the API: three judges score six participants (one
    // lenient, one strict); a fourth judge scored one participant only.
    const officer = await own.as('officer');
    const people = await own.db.deps.db
      .select({ id: orgCadres.id, name: orgCadres.name })
      .from(orgCadres)
      .where(eq(orgCadres.status, 'active'))
      .orderBy(asc(orgCadres.code))
      .limit(7);
    const day = dayjs().subtract(1, 'day').format('YYYY-MM-DD');
    const created = await officer.post('/api/scene/activities', {
      kind: 'event',
      subtype: 'challenge',
      title: '浏览器测试：实践破难挑战赛（校正排名）',
      startsOn: day,
      endsOn: day,
    });
    expect(created.statusCode, created.body).toBe(201);
    const eventId = created.json().id as string;
    const judges: Record<string, number> = { 评委宽: 8, 评委中: 0, 评委严: -8 };
    const sheets: [string, string, number][] = [];
    for (const [i, q] of [84, 80, 78, 76, 74, 70].entries())
      for (const [j, b] of Object.entries(judges)) sheets.push([j, people[i]!.id, q + b + (i % 2 ? 1 : -1)]);
    sheets.push(['评委丁', people[6]!.id, 95], ['评委中', people[6]!.id, 85]);
    for (const [judge, cadreId, v] of sheets) {
      const r = await officer.post(`/api/scene/activities/${eventId}/scores`, {
        judge,
        cadreId,
        scores: { idea: v, measure: v, effect: v },
      });
      expect(r.statusCode, r.body).toBe(200);
    }

    const { ctx, page } = await newPage(chromium, own.url);
    await login(page, 'officer');
    await page.goto(`/scene/activities/${eventId}`);
    const table = page.getByTestId('ranking-table');
    await poll(() => table.locator('tr.ant-table-row').count()).toBe(7);
    // Every participant: a calibrated score, its interval, and the raw mean beside it.
    expect(await table.getByTestId('calibrated-score').count()).toBe(7);
    const intervals = await table.getByTestId('calibrated-interval').allTextContents();
    expect(intervals).toHaveLength(7);
    for (const t of intervals) expect(t).toMatch(/^\d+\.\d{2}–\d+\.\d{2}$/);
    const top = table.locator('tr.ant-table-row').first();
    expect(await top.textContent()).toContain(people[6]!.name);
    expect(await top.getByTestId('raw-mean').textContent()).toBe('90.00');
    // The panel names the method, each judge's leniency and the judge with one score.
    const panel = page.getByTestId('calibration-panel');
    expect(await panel.getByTestId('leniency-text').textContent()).toContain('(1|评委)');
    expect(await panel.getByTestId('judge-means').textContent()).toContain('偏宽');
    expect(await panel.getByTestId('calibration-warning').allTextContents()).toEqual([
      '评委丁只评了 1 位参赛者（少于 3 位），其宽严估计依据不足',
    ]);
    await snap(page, 'scene-event-calibrated-ranking');
    await ctx.close();
  });
});
