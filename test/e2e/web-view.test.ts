import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserSession, SHOTS } from '../support/browser';

/** The web view in Debian's Chromium (CHROMIUM_PATH, set by npm test), against the real service. */
const session = browserSession({ env: { DEMO_MONTHS: '2' } });
let url: string;
let page: Page;
beforeEach(() => {
  ({ url, page } = session);
});

async function viewAs(userId: string) {
  await page.goto(url);
  await page.waitForSelector('[data-testid=demo-picker]');
  await page.selectOption('#demo-user', userId);
}

describe('the web view', () => {
  it('shows an admin the team tables with all 24 demo sellers across the four levels', async () => {
    await viewAs('user-admin');
    await page.waitForSelector('[data-testid=team-table]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=team-table]').length === 3);
    expect(await page.locator('[data-testid=seller-row]').count()).toBe(24);
    const firstRow = page.locator('[data-testid=seller-row]').first();
    expect(await firstRow.locator('td[data-level]').count()).toBe(4);
    expect(await page.locator('[data-testid=team-table] th', { hasText: 'Balance index' }).count()).toBe(3);
  });

  it('tells an admin that answers are private: no will scores, the balance index without will', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await viewAs('user-admin');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=team-table]').length === 3);
      expect(await page.locator('[data-testid=answers-hidden]').first().innerText()).toContain('private');
      expect(await page.locator('[data-testid=team-table] th', { hasText: 'without Will' }).count()).toBe(3);
      const willCells = await page.locator('[data-testid=seller-row] td[data-level=will]').allInnerTexts();
      expect(willCells.every((t) => t.trim() === '—')).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `team-private-${width}.png`), fullPage: true });
      await page.locator('[data-testid=seller-row] a').first().click();
      await page.waitForSelector('[data-testid=seller-scorecard]');
      expect(await page.locator('[data-testid=withheld-levels]').innerText()).toContain('without Will');
      expect(await page.locator('[data-testid=answers-hidden]').innerText()).toContain('private to the seller');
      await page.screenshot({ path: path.join(SHOTS, `seller-private-${width}.png`), fullPage: true });
    }
  });

  it('opens a seller from the team table and shows the four levels with indicators and trends', async () => {
    await viewAs('user-manager-1');
    await page.waitForSelector('[data-testid=seller-row]');
    expect(await page.locator('[data-testid=seller-row]').count()).toBe(8);
    const name = await page.locator('[data-testid=seller-row] a').first().innerText();
    await page.locator('[data-testid=seller-row] a').first().click();
    await page.waitForSelector('[data-testid=seller-scorecard]');
    expect(await page.locator('[data-testid=seller-scorecard] h1').innerText()).toBe(name);
    // The manager reads the seller's own answers: the view says that the read is recorded.
    expect(await page.locator('[data-testid=answers-recorded]').innerText()).toContain('the read is recorded');
    expect(await page.locator('[data-testid=level-card]').count()).toBe(4);
    expect(await page.locator('[data-testid=indicator-row]').count()).toBeGreaterThanOrEqual(16);
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThan(0);
  });

  it('keeps a submitted check-in after a reload', async () => {
    await viewAs('user-seller-003');
    // The demo seller may have checked in for this month already: give it again.
    await page.waitForSelector('[data-testid=check-in] form, [data-testid=check-in-done]');
    if ((await page.locator('[data-testid=check-in-done]').count()) > 0) await page.click('text=Edit (give it again)');
    await page.waitForSelector('[data-testid=check-in] form');
    const items = await page.locator('[data-testid=check-in] fieldset').count();
    expect(items).toBe(8);
    for (let i = 0; i < items; i++) await page.locator('[data-testid=check-in] fieldset').nth(i).locator('input[value="4"]').check();
    await page.fill('#check-in-note', 'Good month, new pricing helps');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Thank you — saved.');
    await page.reload();
    await page.waitForSelector('[data-testid=last-check-in] li[data-item=motivation]');
    expect(await page.locator('[data-testid=last-check-in] li[data-item=motivation]').getAttribute('data-value')).toBe('4');
    expect(await page.locator('[data-testid=last-check-in]').innerText()).toContain('Good month, new pricing helps');
  });

  it('shows a clear error state when the viewer may not see a scorecard', async () => {
    await viewAs('user-seller-003');
    await page.waitForSelector('[data-testid=seller-scorecard]');
    await page.goto(`${url}/#/seller/seller-004`);
    await page.waitForSelector('[data-testid=error]');
    expect(await page.locator('[data-testid=error]').innerText()).toContain('You are not allowed to see this seller');
  });

  it('says how far the service has come while it is still loading the scorecards', async () => {
    // The team request is held back, as while a tenant loads after a restart; /readyz reports the load.
    await page.route('**/api/v1/teams/*/scorecards*', async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    await page.route('**/readyz', (route) =>
      route.fulfill({ json: { status: 'ready', store: 'pglite', pendingMigrations: [], loading: { tenants: 1, sellersLoaded: 420, sellersTotal: 1000 } } }),
    );
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await viewAs('user-manager-1');
      const progress = page.locator('[data-testid=load-progress]').first();
      await progress.waitFor();
      expect(await progress.innerText()).toContain('420 of 1,000 sellers loaded');
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `loading-${width}.png`) });
      // The progress line fits the width (the demo banner above it is the view's own layout).
      const box = (await progress.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await page.waitForSelector('[data-testid=seller-row]', { timeout: 10_000 });
      expect(await page.locator('[data-testid=load-progress]').count()).toBe(0);
    }
  });
});

