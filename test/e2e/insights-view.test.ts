import path from 'node:path';
import type { Page } from 'playwright-core';
import { accessible, browserSession, noSidewaysScroll, screenshot, SHOTS } from '../support/browser';
import type { TestService } from '../support/service';

/**
 * The insights in the web view on the demo tenant (24 sellers, 12 months): what the top sellers
 * of every team do, with effect and confidence and a KPI an admin adds; who learns what; a saved
 * plan's focus items on a seller's scorecard. At 1400 and 400 px, nothing wider than the panel,
 * axe clean; screenshots in test-output/screens.
 */
const session = browserSession({ env: { DEMO_MONTHS: '12' } });
let svc: TestService;
let url: string;
let page: Page;
beforeEach(() => {
  ({ svc, url, page } = session);
});

async function viewAs(userId: string) {
  await page.goto(url);
  await page.waitForSelector('[data-testid=demo-picker]');
  await page.evaluate((id) => window.localStorage.setItem('balanced-scorecard.demo-user', id), userId);
  await page.reload();
}

describe('the insights in the web view', () => {
  it('shows an admin what the top sellers of every team do, and adds a proposed KPI to the definition', async () => {
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await viewAs('user-admin');
      await page.waitForSelector('[data-testid=insights-_all] [data-testid=findings]', { timeout: 60_000 });
      const rows = page.locator('[data-testid=insights-_all] [data-finding]');
      expect(await rows.count()).toBeGreaterThan(0);
      const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
      // The demo plants meetings per week as a driver; email, task and social volumes and call length are noise.
      expect(ids).toContain('meetings_held');
      for (const noise of ['emails_sent', 'tasks_done', 'social_touches', 'call_minutes']) expect(ids).not.toContain(noise);
      expect(await page.locator('[data-testid=insights-_all]').innerText()).toContain('Check-in answers are private here');
      await page.waitForSelector('[data-testid=insights-_all] [data-testid=plan-matrix]');
      await noSidewaysScroll(page, width);
      await accessible(page, `insights ${width}`);
      await screenshot(page, `insights-${width}`);
      await page.locator('[data-testid=insights-_all]').screenshot({ path: path.join(SHOTS, `insights-every-team-${width}.png`) });
    }
    await page.locator('[data-testid=insights-_all] [data-testid=add-kpi-meetings_held]').click();
    await page.waitForSelector('[data-testid=insights-_all] [data-testid=kpi-added]');
    expect((await svc.store.getDefinition('demo'))!.indicators.map((i) => i.id)).toContain('top_meetings_held');
  });

  it("saves a team's plan and shows a seller their focus items on their scorecard", async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await viewAs('user-manager-2');
    // Team 2 of the demo has enough sellers with six months of history to compare.
    await page.waitForSelector('[data-testid=insights-team-2] [data-testid=save-plan]', { timeout: 60_000 });
    await page.locator('[data-testid=insights-team-2] [data-testid=save-plan]').click();
    await page.waitForSelector('[data-testid=insights-team-2] [data-testid=plan-saved]');
    const plans = await svc.store.listAudit('demo', 20);
    expect(plans.some((e) => e.action === 'plan.saved')).toBe(true);
    // A seller the plan gives a focus item sees it on their own scorecard.
    const res = await fetch(`${url}/api/v1/teams/team-2/insights`, { headers: { 'x-demo-user': 'user-manager-2' } });
    const body = (await res.json()) as { plan: { sellers: { sellerId: string; focus: unknown[] }[] } };
    const seller = body.plan.sellers.find((s) => s.focus.length > 0)!;
    expect(seller).toBeDefined();
    await viewAs(`user-${seller.sellerId}`);
    await page.waitForSelector('[data-testid=focus-items]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=focus-items] li').count()).toBe(seller.focus.length);
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await noSidewaysScroll(page, width);
      await screenshot(page, `seller-focus-${width}`);
      await page.locator('[data-testid=focus-items]').screenshot({ path: path.join(SHOTS, `focus-items-${width}.png`) });
    }
  });
});
