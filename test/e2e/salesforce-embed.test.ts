import path from 'node:path';
import nock from 'nock';
import request from 'supertest';
import type { Frame, Page } from 'playwright-core';
import { browserSession, SHOTS } from '../support/browser';
import { ORG_ID, USERS } from '../support/salesforce-fixtures';
import { connectFixtureOrg, embedRequest, PUBLIC_URL, SALESFORCE_ENV } from '../support/salesforce-org';

/**
 * The web view as the Seller Scorecard component frames it: a Lightning page (https, another
 * origin) holding an iframe as wide as a record page's side column, the service behind
 * PUBLIC_URL. The browser's requests to both are answered through Playwright's routing, so the
 * real CSP frame-ancestors and the ticket flow are what Chromium sees.
 */
const LIGHTNING = 'https://acme.lightning.force.com';
const SIDE_COLUMN = 400;

nock.disableNetConnect();
nock.enableNetConnect(/127\.0\.0\.1|localhost/);
const session = browserSession({ mode: 'production', env: SALESFORCE_ENV, now: () => new Date() });
let secret = '';
beforeAll(async () => {
  secret = await connectFixtureOrg(session.svc);
}, 60_000);
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function recordPage(page: Page, embedUrl: string, width = SIDE_COLUMN): Promise<Frame> {
  await page.unrouteAll();
  await page.route(`${PUBLIC_URL}/**`, async (route) => {
    const url = route.request().url().replace(PUBLIC_URL, session.url);
    const response = await route.fetch({ url });
    await route.fulfill({ response });
  });
  await page.route(`${LIGHTNING}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><body style="margin:0;background:#f3f3f3"><main style="display:flex;gap:12px;padding:12px"><section style="flex:1;min-width:0;height:200px;background:white">Record details</section><aside style="width:${width}px;flex:none"><iframe id="scorecard" src="${embedUrl}" style="border:0;display:block;width:100%;height:1400px" title="Seller scorecard"></iframe></aside></main></body></html>`,
    }),
  );
  await page.goto(`${LIGHTNING}/lightning/r/User/${USERS.sara}/view`);
  const handle = await page.waitForSelector('#scorecard');
  return (await handle.contentFrame())!;
}

async function embedUrlFor(viewer: string, recordId: string | null, objectApiName: 'User' | 'Contact' | null) {
  const res = await embedRequest(session.svc, secret, { orgId: ORG_ID, userId: viewer, recordId, objectApiName });
  expect(res.status).toBe(201);
  return res.body.url as string;
}

describe('the scorecard inside a Salesforce record page', () => {
  it("a manager opens a seller's User page: the seller's scorecard, usable in the side column, the ticket spent and no cookie set", async () => {
    const page = session.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    const url = await embedUrlFor(USERS.manager, USERS.sara, 'User');
    const frame = await recordPage(page, url);
    await frame.waitForSelector('[data-testid=seller-scorecard]');
    expect(await frame.locator('[data-testid=seller-scorecard] h1').innerText()).toBe('Sara Lind');
    expect(await frame.locator('[data-testid=level-card]').count()).toBe(4);
    expect(await frame.locator('[data-testid=viewer-name]').innerText()).toBe('Mats Berg');
    // Nothing scrolls sideways at the column's width.
    const widths = await frame.evaluate(() => ({ inner: window.innerWidth, doc: document.documentElement.scrollWidth }));
    expect(widths.inner).toBe(SIDE_COLUMN);
    expect(widths.doc).toBeLessThanOrEqual(SIDE_COLUMN);
    // The ticket left the address at once; the token lives in memory only.
    expect(frame.url()).not.toContain('ticket=');
    expect(await page.context().cookies()).toEqual([]);
    expect(await frame.evaluate(() => document.cookie)).toBe('');
    // Chromium denies a third-party frame its storage; where a browser allows it, nothing is kept there either.
    expect(await frame.evaluate(() => {
      try {
        return window.localStorage.length + window.sessionStorage.length;
      } catch {
        return 0;
      }
    })).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'salesforce-user-page-side-column.png'), fullPage: true });
    // The same URL framed again (the spent ticket) is refused, with a way out.
    const again = await recordPage(page, url);
    await again.waitForSelector('text=reload the page in Salesforce');
    expect(await again.locator('[data-testid=seller-scorecard]').count()).toBe(0);
  });

  it("a seller opens a Contact page: the contact owner's scorecard when it is their own, their own otherwise", async () => {
    const page = session.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    const frame = await recordPage(page, await embedUrlFor(USERS.olav, '0035g00000Con002AA', 'Contact'));
    await frame.waitForSelector('[data-testid=seller-scorecard]');
    expect(await frame.locator('[data-testid=seller-scorecard] h1').innerText()).toBe('Olav Dahl');
    await page.screenshot({ path: path.join(SHOTS, 'salesforce-contact-page-side-column.png'), fullPage: true });

    // Sara's contact, opened by Olav (a peer): his own scorecard, not a refusal.
    const frame2 = await recordPage(page, await embedUrlFor(USERS.olav, '0035g00000Con001AA', 'Contact'));
    await frame2.waitForSelector('[data-testid=seller-scorecard]');
    expect(await frame2.locator('[data-testid=seller-scorecard] h1').innerText()).toBe('Olav Dahl');
  });

  it('on the "My scorecard" app page, full width, a seller sees her own scorecard and her check-in', async () => {
    const page = session.page;
    await page.setViewportSize({ width: 1400, height: 900 });
    const frame = await recordPage(page, await embedUrlFor(USERS.sara, null, null), 1376);
    await frame.waitForSelector('[data-testid=seller-scorecard]');
    expect(await frame.locator('[data-testid=seller-scorecard] h1').innerText()).toBe('Sara Lind');
    expect(await frame.locator('[data-testid=viewer-name]').innerText()).toBe('Sara Lind');
    await frame.waitForSelector('[data-testid=check-in]');
    const widths = await frame.evaluate(() => ({ inner: window.innerWidth, doc: document.documentElement.scrollWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.inner);
    await page.screenshot({ path: path.join(SHOTS, 'salesforce-app-page-1400.png'), fullPage: true });
  });

  it('refuses to be framed by a page that is not Salesforce', async () => {
    const res = await request(session.svc.app).get('/embed/salesforce');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self' https://*.lightning.force.com https://*.my.salesforce.com");
  });
});
