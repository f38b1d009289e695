import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { opinionBallots, opinionEntries } from '../src/server/db/schema/index.ts';
import {
  describeBrowser,
  type E2eServer,
  launchBrowser,
  login,
  newPage,
  pick,
  poll,
  snap,
  startE2eServer,
} from './helpers.ts';
import {
  confirmBallot,
  phone as phoneOf,
  rateOpenCard,
  rateRemaining,
  cardStates as states,
  tap,
} from './opinion-helpers.ts';
import { cardsOf, closeRound, roundOver } from './opinion-setup.ts';

let server: E2eServer;
let browser: Browser;

const phone = () => phoneOf(browser, server.url);

describeBrowser('走进群众听民意 in the browser: ballots without login, visits and field time', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An open round over a small unit, with its links issued (each test makes its own). */
  async function smallRound(title: string) {
    const officer = await server.as('officer');
    const units = (await officer.get('/api/org/units?pageSize=200')).json();
    const unit = units.items.find((u: { cadreCount: number }) => u.cadreCount >= 3 && u.cadreCount <= 6);
    return roundOver(server, unit.name, { title, stage: 'open', staff: 0 });
  }

  it('rates every cadre through a personal link on a phone, once, without a session', async () => {
    const r = await smallRound('浏览器测试：群众口碑测评（个人链接）');
    const link = r.slips.find((t) => t.group === 'peer' && t.cadres >= 2)!;
    const { ctx, page, api } = await phone();
    await page.goto(`/v/${link.token}`);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(link.cadres);
    expect(await page.getByTestId('ballot-anonymity').textContent()).toContain(
      '本评价匿名，系统不记录评价人与评价内容的对应关系',
    );
    expect(await page.getByTestId('ballot-title').textContent()).toBe(r.title);
    expect(await page.getByTestId('ballot-progress').textContent()).toContain(`已完成 0/${link.cadres}`);

    // The first cadre with a comment; an early submission points at what is missing.
    await rateOpenCard(page, 4);
    await page.getByTestId('ballot-text').fill('深入基层，群众认可。');
    await tap(page.getByTestId('ballot-next'));
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.locator('.ant-message').textContent()).toContain('未评价完整');
    await snap(page, 'opinion-ballot-phone');
    await rateRemaining(page, (k) => k % 5);
    await poll(() => page.getByTestId('ballot-progress').textContent()).toContain(
      `已完成 ${link.cadres}/${link.cadres}`,
    );
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.getByTestId('ballot-confirm').textContent()).toContain('提交后链接失效，不能修改');
    await confirmBallot(page);
    await page.getByTestId('ballot-done').waitFor();
    // Raters are never asked who they are.
    expect(api.some((a) => a.includes('/api/auth/'))).toBe(false);

    await page.goto(`/v/${link.token}`);
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('LINK_USED');
    await page.goto('/v/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('LINK_INVALID');
    await ctx.close();

    // Stored when the round closes (or among others before): the ballots and the comment.
    await closeRound(r);
    const ballots = await server.db.deps.db
      .select()
      .from(opinionBallots)
      .where(and(eq(opinionBallots.campaignId, r.id), eq(opinionBallots.raterGroup, 'peer')));
    expect(ballots).toHaveLength(link.cadres);
    const entries = await server.db.deps.db
      .select()
      .from(opinionEntries)
      .where(eq(opinionEntries.campaignId, r.id));
    expect(entries.map((e) => e.text)).toEqual(['深入基层，群众认可。']);
  });

  it('lets a public rater with a card skip cadres they do not know, and refuses the card a second time', async () => {
    const r = await smallRound('浏览器测试：群众口碑测评（现场评价卡）');
    const [scanned, typed] = await cardsOf(r, 2);
    const { ctx, page } = await phone();
    // A card typed by hand: a wrong code is refused with a message, the right one opens the ballot.
    await page.goto(`/p/${r.publicCode}`);
    await page.getByTestId('slip-input').fill('ABCD2345');
    await page.getByTestId('slip-start').click();
    await poll(() => page.getByTestId('slip-error').textContent()).toContain('评价码无效');
    await page.getByTestId('slip-input').fill(typed!.toLowerCase());
    await page.getByTestId('slip-start').click();
    await page.getByTestId('ballot-cadre').first().waitFor();
    const n = await page.getByTestId('ballot-cadre').count();
    // Skipping everyone is not a ballot.
    await poll(async () => {
      const todo = page.locator('[data-testid="ballot-cadre"][data-state="todo"]');
      if ((await todo.count()) > 0) {
        if ((await page.getByTestId('ballot-skip').count()) === 0)
          await tap(todo.first().getByTestId('ballot-cadre-head'));
        else await tap(page.getByTestId('ballot-skip').first());
      }
      return states(page);
    }).toEqual(Array(n).fill('skipped'));
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.locator('.ant-message').textContent()).toContain('请至少评价一名干部');
    await tap(page.getByTestId('ballot-cadre-head').first());
    await tap(page.getByTestId('ballot-unskip'));
    await rateOpenCard(page, 2);
    await tap(page.getByTestId('ballot-submit'));
    await poll(() => page.getByTestId('ballot-confirm').textContent()).toContain(`跳过 ${n - 1} 名`);
    await confirmBallot(page);
    await page.getByTestId('ballot-done').waitFor();

    // The same card again: refused at once, whoever holds it and whatever their browser keeps.
    await page.goto(`/p/${r.publicCode}?c=${typed}`);
    await poll(() => page.getByTestId('ballot-refused').getAttribute('data-code')).toBe('SLIP_USED');
    // A scanned card opens the ballot straight away.
    await page.goto(`/p/${r.publicCode}?c=${scanned}`);
    await poll(() => page.getByTestId('ballot-cadre').count()).toBe(n);
    await ctx.close();

    await closeRound(r);
    const ballots = await server.db.deps.db
      .select()
      .from(opinionBallots)
      .where(and(eq(opinionBallots.campaignId, r.id), eq(opinionBallots.raterGroup, 'public')));
    expect(ballots).toHaveLength(1);
  });

  it('logs a liaison visit, withdraws it with a reason, and shows field time per leader', async () => {
    const { ctx, page } = await newPage(browser, server.url);
    await login(page, 'officer');
    await page.goto('/opinion/visits');
    await page.getByTestId('visits-table').waitFor();
    await page.getByTestId('visit-create').click();
    await pick(page, 'visit-leader');
    await pick(page, 'visit-unit');
    await page.getByTestId('visit-hours').fill('2.5');
    await page.getByTestId('visit-met').fill('浏览器测试：社区书记和居民代表 5 人');
    await page.getByTestId('visit-learned').fill('居民反映老旧小区加装电梯推进较慢。');
    await page.getByTestId('visit-save').click();
    await page.getByTestId('visit-save').waitFor({ state: 'detached' });
    // The search box is remade whenever the filters change (a list reloading after the save may
    // take the typed text with it): type until the search is in the address.
    await poll(async () => {
      const box = page.getByPlaceholder('见了谁、了解到的情况');
      await box.fill('浏览器测试');
      await box.press('Enter');
      return new URL(page.url()).searchParams.get('q');
    }).toBe('浏览器测试');
    await poll(() => page.locator('[data-testid="visits-table"] tbody tr.ant-table-row').count()).toBe(1);
    await page.getByTestId('visit-withdraw').click();
    await page.getByTestId('withdraw-reason').fill('重复登记');
    await page.getByTestId('withdraw-submit').click();
    await poll(() => page.getByTestId('visit-withdrawn').textContent()).toContain('重复登记');
    expect(await page.getByTestId('visit-edit').count()).toBe(0);

    await page.goto('/opinion/field-time');
    await page.getByTestId('field-time-table').waitFor();
    const leaders = await (await ctx.request.get('/api/opinion/leaders')).json();
    await poll(() => page.getByTestId('field-time-bar').count()).toBe(leaders.items.length);
    expect(await page.getByTestId('field-time-summary').textContent()).toContain('截至');
    await snap(page, 'opinion-field-time');
    await page.getByTestId('field-time-leader').first().click();
    await page.waitForURL(/\/opinion\/visits\?leaderCadreId=[0-9a-f-]{36}/);
    await ctx.close();
  });
});
