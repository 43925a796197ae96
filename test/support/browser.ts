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
