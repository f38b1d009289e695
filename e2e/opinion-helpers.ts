import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { BROWSER_CONTEXT, settled } from './helpers.ts';

/**
 * Helpers of the 走进群众听民意 browser tests (opinion.spec.ts, opinion-ballot.spec.ts): the rater's
 * phone, answering the ballot page, and picking from antd selects.
 */

/** A phone without any session: raters have no accounts. `api` lists the API calls it makes. */
export async function phone(
  browser: Browser,
  base: string,
): Promise<{ ctx: BrowserContext; page: Page; api: string[] }> {
  const ctx = await browser.newContext({
    baseURL: base,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...BROWSER_CONTEXT,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const api: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) api.push(`${r.method()} ${u.pathname}`);
  });
  return { ctx, page, api };
}

/**
 * Clicks what a thumb would reach: the ballot page keeps its progress bar fixed at the bottom of
 * the phone's screen, so the target is brought to the middle first rather than to the edge,
 * where the bar would take the click (Playwright would then scroll and try again, slowly).
 */
export async function tap(target: Locator) {
  await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await target.click();
}

/** Answers every item of the open cadre card (the `pick`-th point of each scale). */
export async function rateOpenCard(page: Page, pick = 3) {
  const groups = page.locator('.ant-card[data-testid="ballot-cadre"] [role="radiogroup"]');
  const n = await groups.count();
  for (let i = 0; i < n; i++) await tap(groups.nth(i).locator('label').nth(pick));
}

/** The state of each cadre card of the ballot page: todo, done or skipped. */
export async function cardStates(page: Page) {
  return page.getByTestId('ballot-cadre').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
}

/**
 * Rates every cadre still to do, card after card, as a rater moving down the page would
 * (`pick(k)` is the scale point for the k-th card rated). It goes on until the page says every
 * card is done — a tap lost on a busy phone is simply made again — within a generous deadline.
 */
export async function rateRemaining(page: Page, pick: (k: number) => number = (k) => 3 + (k % 2)) {
  const deadline = Date.now() + 90_000;
  for (let k = 0; (await cardStates(page)).includes('todo'); k++) {
    if (Date.now() > deadline) throw new Error(`评价未能完成：${(await cardStates(page)).join(',')}`);
    // The card of the next cadre to do opens by itself after "next"; the first one is open at start.
    if ((await page.locator('[data-testid="ballot-cadre"] [role="radiogroup"]').count()) === 0) {
      const todo = page.locator('[data-testid="ballot-cadre"][data-state="todo"]').first();
      await tap(todo.getByTestId('ballot-cadre-head'));
      await page.locator('[data-testid="ballot-cadre"] [role="radiogroup"]').first().waitFor();
    }
    await rateOpenCard(page, pick(k));
    await tap(page.getByTestId('ballot-next'));
  }
}

/** Confirms the submission in the dialog, once it has finished opening (a click while it zooms in is lost). */
export async function confirmBallot(page: Page) {
  const ok = page.getByTestId('ballot-confirm-ok');
  await ok.waitFor();
  await settled(page.locator('.ant-modal').filter({ has: ok }));
  await ok.click();
  await expect.poll(() => ok.count(), { timeout: 20_000 }).toBe(0);
}
