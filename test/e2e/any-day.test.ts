import type { Page } from 'playwright-core';
import { accessible, browserSession, noSidewaysScroll, screenshot } from '../support/browser';
import type { TestService } from '../support/service';

/**
 * The web view as a manager meets it on the first working day of a month, with the service's
 * clock fixed at 08:00 in Oslo on Tuesday 1 December 2026: the default view is November, with
 * real and different scores; the period picker changes the URL and the numbers; at 400 px no
 * screen is wider than the panel; axe finds no serious or critical violation. Screenshots of every
 * screen at 1400 and 400 px go to test-output/screens.
 */
const FIRST_OF_DECEMBER = new Date('2026-12-01T07:00:00.000Z');
const session = browserSession({ env: { DEMO_MONTHS: '3' }, now: () => FIRST_OF_DECEMBER });
let svc: TestService;
let url: string;
let page: Page;
beforeEach(() => {
  ({ svc, url, page } = session);
});

async function viewAs(userId: string, hash = '#/') {
  await page.goto(`${url}/${hash}`);
  await page.waitForSelector('[data-testid=demo-picker]');
  await page.evaluate((id) => window.localStorage.setItem('balanced-scorecard.demo-user', id), userId);
  await page.goto(`${url}/${hash}`);
  await page.reload();
}

const expectNoSidewaysScroll = (width: number) => noSidewaysScroll(page, width);
const expectAccessible = (screen: string) => accessible(page, screen);
const shoot = (name: string) => screenshot(page, name);

describe('on 1 December at 08:00', () => {
  it('shows a manager November by default, with a spread of real scores, and the picker changes the URL and the numbers', async () => {
    await viewAs('user-manager-1');
    await page.waitForSelector('[data-testid=seller-row]');
    expect(await page.locator('[data-testid=team-table] [data-testid=period-name]').innerText()).toBe('November 2026');
    const november = (await page.locator('[data-testid=seller-row] [data-testid=balance-index]').allInnerTexts()).map((t) => t.trim());
    expect(november.every((t) => t !== '—' && t !== '0')).toBe(true);
    expect(new Set(november).size).toBeGreaterThan(3);
    expect(await page.locator('#period-key option:checked').innerText()).toBe('November 2026');
    // The team's check-in averages for the same month, only from enough respondents.
    const summary = page.locator('[data-testid=check-in-summary]');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Check-ins for November 2026: \d+ answered/);
    expect(await summary.innerText()).toMatch(/Motivation: \d(\.\d)? \/ 5|show once 5 sellers have answered/);

    // The team's medians per level over the six months up to November, drawn on 0–100.
    const trend = page.locator('[data-testid=team-trend]').first();
    await trend.waitFor();
    const described = (await trend.getAttribute('aria-label')) ?? '';
    expect(described).toMatch(/^.+, team medians over the last 6 periods\. June 2026: /);
    expect(described).toMatch(/November 2026: balance index \d+ \/ 100, Result \d+ \/ 100, Activity \d+ \/ 100, Will \d+ \/ 100, Foundation \d+ \/ 100$/);
    expect(await trend.locator('.recharts-line').count()).toBe(5);

    await page.selectOption('#period-key', '2026-12');
    await page.waitForFunction(() => document.querySelector('[data-testid=team-table] [data-testid=period-name]')?.textContent === 'December 2026');
    expect(page.url()).toContain('period=month&key=2026-12');
    // A few hours into December: provisional, and no red zeros built from them.
    expect(await page.locator('[data-testid=team-table] caption').innerText()).toContain('provisional');
    const december = (await page.locator('[data-testid=seller-row] [data-testid=balance-index]').allInnerTexts()).map((t) => t.trim());
    expect(december).not.toEqual(november);
    expect(december.includes('0')).toBe(false);

    await page.selectOption('#period-kind', 'quarter');
    await page.waitForFunction(() => /Q\d 2026/.test(document.querySelector('[data-testid=team-table] [data-testid=period-name]')?.textContent ?? ''));
    expect(page.url()).toContain('period=quarter');
    // The URL keeps the choice across a reload.
    await page.selectOption('#period-key', '2026-Q3');
    await page.waitForFunction(() => document.querySelector('[data-testid=team-table] [data-testid=period-name]')?.textContent === 'Q3 2026');
    await page.reload();
    await page.waitForSelector('[data-testid=seller-row]');
    expect(await page.locator('[data-testid=team-table] [data-testid=period-name]').innerText()).toBe('Q3 2026');
  });

  it('sorts the team table by any column; ranks stay the service’s', async () => {
    await viewAs('user-manager-1');
    await page.waitForSelector('[data-testid=seller-row]');
    const ranks = async () => (await page.locator('[data-testid=seller-row] [data-testid=rank]').allInnerTexts()).map((t) => Number(t.split(' / ')[0]));
    expect(await ranks()).toEqual([...(await ranks())].sort((a, b) => a - b));
    await page.click('[data-testid=sort-name]');
    const names = await page.locator('[data-testid=seller-row] th a').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.click('[data-testid=sort-activity]');
    const activity = (await page.locator('[data-testid=seller-row] td[data-level=activity]').allInnerTexts()).map(Number);
    expect(activity).toEqual([...activity].sort((a, b) => b - a));
    expect(await page.getAttribute('th:has([data-testid=sort-activity])', 'aria-sort')).toBe('descending');
  });

  it('fits a 400 px panel and passes axe on the team view, the seller view, the check-in form and the error screen', async () => {
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await viewAs('user-manager-1');
      await page.waitForSelector('[data-testid=seller-row]');
      await expectNoSidewaysScroll(width);
      await shoot(`team-${width}`);
      if (width === 1400) await expectAccessible('team');

      await page.locator('[data-testid=seller-row] a').first().click();
      await page.waitForSelector('[data-testid=seller-scorecard]');
      expect(await page.locator('[data-testid=seller-scorecard] [data-testid=period-name]').innerText()).toBe('November 2026');
      expect(await page.locator('[data-testid=legend]').count()).toBe(1);
      expect(await page.locator('[data-testid=balance-index]').innerText()).toMatch(/^\d+ \/ 100$/);
      await expectNoSidewaysScroll(width);
      await shoot(`seller-${width}`);
      if (width === 1400) await expectAccessible('seller');

      await viewAs('user-seller-001');
      await page.waitForSelector('[data-testid=check-in] form');
      expect(await page.locator('[data-testid=check-in] h2').innerText()).toContain('December 2026');
      expect(await page.locator('[data-testid=check-in-why]').innerText()).toContain('8 of 8 left');
      expect(await page.locator('[data-testid=check-in] button[type=submit]').isDisabled()).toBe(true);
      await expectNoSidewaysScroll(width);
      await shoot(`check-in-${width}`);
      if (width === 1400) await expectAccessible('check-in');

      await viewAs('user-admin', '#/seller/seller-nobody');
      await page.waitForSelector('[data-testid=error]');
      expect(await page.locator('[data-testid=error]').innerText()).toContain('There is no such seller here');
      expect(await page.locator('text=Back to the team').count()).toBe(1);
      await expectNoSidewaysScroll(width);
      await shoot(`not-found-${width}`);
      if (width === 1400) await expectAccessible('not found');
    }
  });

  it('lets an admin change a target in the settings, refuses a bad value at its field, and shows the new target on the scorecard', async () => {
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await viewAs('user-admin', '#/settings');
      await page.waitForSelector('[data-testid=definition-form]');
      await expectNoSidewaysScroll(width);
      await shoot(`settings-${width}`);
      if (width === 1400) await expectAccessible('settings');
    }
    const meetings = page.locator('[data-testid=indicator-settings][data-indicator=meetings_held]');
    await meetings.locator('#t-meetings_held').fill('-3');
    await page.click('text=Save targets and weights');
    await page.waitForSelector('[data-testid=definition-error]');
    expect(await meetings.locator('[data-testid=field-error]').first().innerText()).toMatch(/greater than or equal to 0|>=\s*0/);
    expect(await meetings.locator('#t-meetings_held').getAttribute('aria-invalid')).toBe('true');

    await meetings.locator('#t-meetings_held').fill('33');
    await meetings.locator('#per-meetings_held').selectOption('month');
    // A team override for Nordic Enterprise: that team's sellers get 40.
    await meetings.locator('select[id^=add-meetings_held-teams]').selectOption({ label: 'Nordic Enterprise' });
    await meetings.locator('[data-testid=teams-overrides] input').first().fill('40');
    await page.click('text=Save targets and weights');
    await page.waitForSelector('[data-testid=definition-saved]');

    const target = async (sellerId: string) => {
      await page.goto(`${url}/#/seller/${sellerId}`);
      await page.waitForSelector('[data-testid=seller-scorecard]');
      return page.locator('[data-testid=indicator-row][data-indicator=meetings_held] [data-testid=target]').innerText();
    };
    const teams = await svc.store.loadPeople('demo');
    const nordic = teams.teams.find((t) => t.name === 'Nordic Enterprise')!.id;
    const inNordic = teams.sellers.find((s) => s.teamIds.includes(nordic))!.id;
    const elsewhere = teams.sellers.find((s) => !s.teamIds.includes(nordic))!.id;
    expect(await target(inNordic)).toBe('40');
    expect(await target(elsewhere)).toBe('33');
  });

  it('shows a submitted check-in as done for the period, refreshes the scorecard, and lets the seller give it again', async () => {
    await viewAs('user-seller-002', '#/?period=month&key=2026-12');
    await page.waitForSelector('[data-testid=check-in] form');
    const motivation = () => page.locator('[data-testid=indicator-row][data-indicator=motivation] [data-testid=actual]').innerText();
    for (let i = 0; i < 8; i++) await page.locator('[data-testid=check-in] fieldset').nth(i).locator('input[value="2"]').check();
    await page.click('[data-testid=check-in] button[type=submit]');
    await page.waitForSelector('[data-testid=check-in-done]');
    expect(await page.locator('[data-testid=check-in-done]').innerText()).toContain('Done for December 2026');
    await page.waitForSelector('[data-testid=seller-scorecard]');
    expect(await motivation()).toBe('2 / 5');
    await page.click('text=Edit (give it again)');
    await page.waitForSelector('[data-testid=check-in] form');
  });
});
