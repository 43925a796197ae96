import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_REQUIRED_SCOPES } from '../../../server/src/hubspot/scopes';
import { CALLBACK_PATH } from '../../../server/src/hubspot/oauth-routes';

/** The HubSpot project checked offline (scripts/check-hubspot-project.mjs), on the real project and on broken copies of it. */
const ROOT = path.resolve(__dirname, '../../..');
const SRC = 'extensions/hubspot';
const run = promisify(execFile);

async function check(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'scripts/check-hubspot-project.mjs'), dir], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** A copy of the project (what HubSpot uploads, and the shared package its components install) to break. */
function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hs-project-'));
  cpSync(path.join(ROOT, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  cpSync(path.join(ROOT, SRC), path.join(dir, SRC), { recursive: true, filter: (f) => !f.includes('node_modules') });
  mkdirSync(path.join(dir, 'shared'));
  cpSync(path.join(ROOT, 'shared/package.json'), path.join(dir, 'shared/package.json'));
  return dir;
}

const meta = (dir: string, file: string) => path.join(dir, SRC, 'app', file);
const edit = (file: string, change: (json: { uid: string; config: Record<string, any> }) => void) => {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
};

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the offline HubSpot project check', () => {
  it('passes the project: app, card, app home and settings, all translated', async () => {
    const { code, out } = await check(ROOT);
    expect(out.trim()).toBe('OK: balanced_scorecard_app, balanced_scorecard_home, balanced_scorecard_card, balanced_scorecard_settings');
    expect(code).toBe(0);
  });

  it('asks for exactly the scopes the install flow asks for, and names its callback', () => {
    const app = JSON.parse(readFileSync(path.join(ROOT, SRC, 'app/app-hsmeta.json'), 'utf8'));
    expect(app.config.auth.requiredScopes).toEqual([...HUBSPOT_REQUIRED_SCOPES]);
    expect(app.config.auth.optionalScopes).toEqual([...HUBSPOT_OPTIONAL_SCOPES]);
    const { origin } = JSON.parse(readFileSync(path.join(ROOT, SRC, 'app/cards/lib/service-origin.json'), 'utf8'));
    expect(app.config.auth.redirectUrls).toEqual([`${origin}${CALLBACK_PATH}`]);
  });

  it('is pointed at another public URL by hubspot:configure, and refuses a local one', async () => {
    const dir = copy();
    copies.push(dir);
    const configure = (url: string) => run(process.execPath, [path.join(ROOT, 'scripts/configure-hubspot-project.mjs'), url], { cwd: ROOT, env: { ...process.env, HUBSPOT_PROJECT_DIR: dir } });
    await configure('https://scorecard.acme.test');
    const app = JSON.parse(readFileSync(meta(dir, 'app-hsmeta.json'), 'utf8'));
    expect(app.config.permittedUrls.fetch).toEqual(['https://scorecard.acme.test']);
    expect(app.config.auth.redirectUrls).toEqual(['https://scorecard.acme.test/oauth/hubspot/callback']);
    expect(JSON.parse(readFileSync(meta(dir, 'cards/lib/service-origin.json'), 'utf8'))).toEqual({ origin: 'https://scorecard.acme.test' });
    expect((await check(dir)).code).toBe(0);
    await expect(configure('http://localhost:3000')).rejects.toMatchObject({ code: 2 });
    expect(JSON.parse(readFileSync(meta(dir, 'cards/lib/service-origin.json'), 'utf8'))).toEqual({ origin: 'https://scorecard.acme.test' });
  });

  it.each([
    ['a missing entrypoint', (dir: string) => unlinkSync(meta(dir, 'cards/ScorecardCard.tsx')), 'app/cards/scorecard-card-hsmeta.json: entrypoint /app/cards/ScorecardCard.tsx does not exist'],
    ['a duplicate uid', (dir: string) => edit(meta(dir, 'settings/settings-page-hsmeta.json'), (j) => (j.uid = 'balanced_scorecard_card')), 'uid "balanced_scorecard_card" is also the uid of'],
    ['a fetch URL over http', (dir: string) => edit(meta(dir, 'app-hsmeta.json'), (j) => (j.config.permittedUrls.fetch = ['http://scorecard.example.com'])), 'permittedUrls.fetch: http://scorecard.example.com is not https'],
    ['a local redirect URL', (dir: string) => edit(meta(dir, 'app-hsmeta.json'), (j) => (j.config.auth.redirectUrls = ['https://localhost:3000/oauth/hubspot/callback'])), 'is local'],
    ['a marketplace app without OAuth', (dir: string) => edit(meta(dir, 'app-hsmeta.json'), (j) => (j.config.auth = { type: 'static', requiredScopes: [] })), 'a marketplace app must use OAuth'],
    ['malformed JSON', (dir: string) => writeFileSync(meta(dir, 'pages/home-hsmeta.json'), '{ "uid": "balanced_scorecard_home", '), 'app/pages/home-hsmeta.json: invalid JSON'],
    ['a component in the wrong directory', (dir: string) => (mkdirSync(meta(dir, 'misc')), cpSync(meta(dir, 'cards/scorecard-card-hsmeta.json'), meta(dir, 'misc/x-hsmeta.json'))), 'not in an allowed component directory'],
    ['a card with no objects', (dir: string) => edit(meta(dir, 'cards/scorecard-card-hsmeta.json'), (j) => (j.config.objectTypes = [])), 'objectTypes is empty'],
    ['another React than the one tested', (dir: string) => edit(meta(dir, 'pages/package.json'), (j) => ((j as unknown as { dependencies: Record<string, string> }).dependencies.react = '^19.0.0')), 'react must be 18.3.1'],
    ['a fetch origin the views do not call', (dir: string) => writeFileSync(meta(dir, 'cards/lib/service-origin.json'), JSON.stringify({ origin: 'https://other.example.com' })), 'https://other.example.com is not in permittedUrls.fetch'],
  ])('fails on %s', async (_name, breakIt, expected) => {
    const dir = copy();
    copies.push(dir);
    expect((await check(dir)).code).toBe(0);
    breakIt(dir);
    const { code, out } = await check(dir);
    expect(out).toContain(expected);
    expect(code).toBe(1);
  });
});
