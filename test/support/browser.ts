import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listen, startTestService, type TestService } from './service';

/** Debian's Chromium (CHROMIUM_PATH, set by npm test); never a downloaded browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve(__dirname, '../../extensions/web/dist/index.html');
/** Screenshots a reviewer can look at after `npm test` (git-ignored). */
export const SHOTS = path.resolve(__dirname, '../../test-output/screens');

export interface BrowserSession {
  svc: TestService;
  url: string;
  /** A fresh page for each test. */
  page: Page;
}

/**
 * Registers the hooks of a browser test file: the demo service (with the built web view) on a
 * free port, Chromium headless, and a new page per test. The fields are set once the hooks ran.
 */
export function browserSession(options: Parameters<typeof startTestService>[0]): BrowserSession {
  const session = {} as BrowserSession;
  let server: Server | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!fs.existsSync(WEB_DIST)) throw new Error('The web view is not built; `npm test` builds it first (npm run build:web).');
    session.svc = await startTestService(options);
    let url: string;
    ({ server, url } = await listen(session.svc));
    session.url = url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  beforeEach(async () => {
    session.page = await browser!.newPage();
  });
  afterEach(async () => {
    await session.page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await session.svc?.close();
  });
  return session;
}

const AXE = require.resolve('axe-core/axe.min.js');

/** Nothing scrolls sideways: the document is no wider than the viewport. */
export async function noSidewaysScroll(page: Page, width: number) {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
  expect(widths.doc).toBeLessThanOrEqual(width);
  expect(widths.body).toBeLessThanOrEqual(width);
}

/** axe-core in the page: no serious or critical violation (colour contrast included). */
export async function accessible(page: Page, screen: string) {
  // Evaluated through the debugging protocol: the page's CSP (script-src 'self') stays as it is.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; html: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 100)}`).join(', ')}`);
  });
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
