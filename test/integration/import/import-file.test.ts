import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeScorecards } from '@balanced-scorecard/shared';
import { AppError } from '../../../server/src/errors/app-error';
import { parseImportFile } from '../../../server/src/connectors/file/parse-import-file';
import { exportFile } from '../../support/export-file';
import { createFileConnector } from '../../../server/src/connectors/file/file-connector';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { createStore } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';

const CLI = path.resolve(__dirname, '../../../server/bin/balanced-scorecard.js');

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, issues: e.issues ?? [] };
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

describe('the import file format', () => {
  it('accepts a valid export and fills in the tenant', () => {
    const file = exportFile();
    const parsed = parseImportFile(JSON.stringify(file, null, 2), 'acme');
    expect(parsed.records.activities.length).toBe(file.activities.length);
    expect(parsed.records.activities.every((a) => a.tenantId === 'acme')).toBe(true);
    expect(parsed.total).toBeGreaterThan(100);
  });

  it('names the line, column and field of every problem', () => {
    const file = exportFile();
    (file.activities[1] as Record<string, unknown>).type = 'fax';
    (file.deals[0] as Record<string, unknown>).isWon = true;
    (file.deals[0] as Record<string, unknown>).isClosed = false;
    delete (file.sellers[0] as Record<string, unknown>).name;
    (file.activities[2] as Record<string, unknown>).colour = 'blue';
    (file.activities[3] as Record<string, unknown>).sellerId = 'ghost';
    const text = JSON.stringify(file, null, 2);
    const { code, issues } = issuesOf(() => parseImportFile(text, 'acme'));
    expect(code).toBe('import_invalid');
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(['activities[1].type', 'deals[0].isWon', 'sellers[0].name', 'activities[2]', 'activities[3].sellerId']));
    // The line given is where that value sits in the file.
    const lines = text.split('\n');
    expect(lines[byPath['activities[1].type']!.line! - 1]).toContain('"type": "fax"');
    expect(lines[byPath['activities[3].sellerId']!.line! - 1]).toContain('"sellerId": "ghost"');
    expect(byPath['activities[3].sellerId']!.message).toBe('no seller with id "ghost"');
    expect(byPath['activities[1].type']!.column).toBeGreaterThan(1);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const { issues } = issuesOf(() => parseImportFile('{\n  "format": "balanced-scorecard/v1",\n  "teams": [,]\n}', 'acme'));
    expect(issues[0]).toMatchObject({ line: 3, column: 13 });
  });

  it('refuses records of another tenant, duplicate ids and an unknown format', () => {
    const file = exportFile();
    (file.teams[0] as Record<string, unknown>).tenantId = 'globex';
    file.activities.push(file.activities[0]!);
    const { issues } = issuesOf(() => parseImportFile(JSON.stringify(file), 'acme'));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['teams[0].tenantId', `activities[${file.activities.length - 1}].id`]));
    expect(issuesOf(() => parseImportFile(JSON.stringify({ ...exportFile(), format: 'csv' }), 'acme')).issues[0]!.path).toBe('format');
  });
});

describe('references in an import file', () => {
  it('refuses check-ins, customers, activities and deals of a seller that exists nowhere, sellers of a missing team, and duplicate ids', () => {
    const file = exportFile();
    (file.checkIns[0] as { sellerId: string }).sellerId = 'ghost-1';
    (file.customers[0] as { sellerId: string | null }).sellerId = 'ghost-2';
    (file.activities[0] as { sellerId: string }).sellerId = 'ghost-3';
    (file.deals[0] as { sellerId: string }).sellerId = 'ghost-4';
    (file.sellers[0] as { teamIds: string[] }).teamIds = ['no-such-team'];
    (file.activities[2] as { id: string }).id = (file.activities[1] as { id: string }).id;
    const { code, issues } = issuesOf(() => parseImportFile(JSON.stringify(file, null, 2), 'acme'));
    expect(code).toBe('import_invalid');
    const found = issues.map((i) => `${i.path}: ${i.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'checkIns[0].sellerId: no seller with id "ghost-1"',
        'customers[0].sellerId: no seller with id "ghost-2"',
        'activities[0].sellerId: no seller with id "ghost-3"',
        'deals[0].sellerId: no seller with id "ghost-4"',
        'sellers[0].teamIds[0]: no team with id "no-such-team"',
        expect.stringMatching(/^activities\[2\]\.id: duplicate id/),
      ]),
    );
  });

  it('accepts references to sellers and teams the tenant has already', () => {
    const file = exportFile();
    const { sellers: _s, teams: _t, ...rest } = file;
    const known = { sellerIds: new Set(file.sellers.map((s) => s.id)), teamIds: new Set(file.teams.map((t) => t.id)) };
    expect(parseImportFile(JSON.stringify({ ...rest, sellers: [], teams: [] }), 'acme', known).records.activities.length).toBe(file.activities.length);
    expect(() => parseImportFile(JSON.stringify({ ...rest, sellers: [], teams: [] }), 'acme')).toThrow(AppError);
  });
});

describe('importing through the sync pipeline', () => {
  it('imports a good file, and a bad file imports nothing', async () => {
    const store = createStore(await createPgliteClient(null));
    await store.migrate();
    await store.ensureTenant('acme', 'Acme');
    const bad = exportFile();
    (bad.activities[bad.activities.length - 1] as Record<string, unknown>).at = 'yesterday';
    expect(() => parseImportFile(JSON.stringify(bad), 'acme')).toThrow(AppError);
    expect(Object.values(await store.countRecords('acme')).every((n) => n === 0)).toBe(true);

    const good = parseImportFile(JSON.stringify(exportFile()), 'acme');
    const result = await runSync(store, { tenantId: 'acme', connector: createFileConnector(good, 100), holder: 'test' });
    expect(result.records).toBe(good.total);
    const counts = await store.countRecords('acme');
    expect(counts.activities).toBe(good.records.activities.length);
    // The same file again changes nothing.
    expect(await runSync(store, { tenantId: 'acme', connector: createFileConnector(good, 100), holder: 'test' })).toMatchObject({ records: 0 });
    await store.close();
  });
});

describe('npx balanced-scorecard import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-import-'));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a file with a progress bar, and explains a bad file line by line without importing it', async () => {
    const goodPath = path.join(dir, 'good.json');
    fs.writeFileSync(goodPath, JSON.stringify(exportFile(), null, 2));
    const ok = run(['import', '--file', goodPath, '--tenant', 'acme']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Imported \d+ records in \d+ pages into tenant "acme"/);
    expect(ok.stderr).toContain('Importing [');

    const bad = exportFile();
    (bad.deals[0] as Record<string, unknown>).amount = 'lots';
    const badPath = path.join(dir, 'bad.json');
    fs.writeFileSync(badPath, JSON.stringify(bad, null, 2));
    const refused = run(['import', '--file', badPath, '--tenant', 'acme2']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Error (import_invalid)');
    expect(refused.stderr).toMatch(/line \d+, column \d+: deals\[0\]\.amount/);

    const store = createStore(await createPgliteClient(path.join(dir, 'data', 'pglite')));
    try {
      expect(await store.getTenant('acme2')).toBeNull();
      expect((await store.countRecords('acme')).activities).toBeGreaterThan(0);
    } finally {
      await store.close();
    }

    const help = run(['import', '--help']);
    expect(help.stdout).toContain('--file <path>');
    expect(run(['start', '--help']).stdout).toContain('Start the service');
  });

  it('takes the company’s name, time zone, currency and locale from the file: deals all in DKK give won revenue in DKK', async () => {
    const file = { ...exportFile(), settings: { name: 'Nordisk Salg A/S', timeZone: 'Europe/Copenhagen', currency: 'DKK', locale: 'da-DK' } };
    // Every deal in DKK; two of them won in April.
    file.deals = file.deals.map((d, i) => ({ ...d, currency: 'DKK', ...(i < 2 ? { isClosed: true, isWon: true, stage: 'won', amount: 125_000 + i, closedAt: `2026-04-${10 + i}T10:00:00.000Z` } : {}) }));
    const filePath = path.join(dir, 'danish.json');
    fs.writeFileSync(filePath, JSON.stringify(file));
    const ok = run(['import', '--file', filePath, '--tenant', 'nordisk', '--no-progress']);
    expect([ok.status, ok.stderr]).toEqual([0, '']);

    const badPath = path.join(dir, 'bad-settings.json');
    fs.writeFileSync(badPath, JSON.stringify({ ...exportFile(), settings: { currency: 'XYZ', locale: 'da_DK' } }, null, 2));
    const refused = run(['import', '--file', badPath, '--tenant', 'nordisk2']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/settings\.currency: a currency code Intl knows/);
    expect(refused.stderr).toMatch(/settings\.locale: a BCP 47 locale/);

    const store = createStore(await createPgliteClient(path.join(dir, 'data', 'pglite')));
    try {
      expect((await store.getTenant('nordisk'))!.name).toBe('Nordisk Salg A/S');
      expect(await store.getTenant('nordisk2')).toBeNull();
      const definition = (await store.getDefinition('nordisk'))!;
      expect([definition.currency, definition.timeZone, definition.locale]).toEqual(['DKK', 'Europe/Copenhagen', 'da-DK']);
      const records = await store.loadRecords('nordisk');
      const run = computeScorecards({ definition, records, now: '2026-05-10T08:00:00.000Z', timeZone: definition.timeZone, period: 'month', periodKey: '2026-04' });
      const april = (at: string | null) => at !== null && at >= '2026-03-31T22:00:00.000Z' && at < '2026-04-30T22:00:00.000Z';
      for (const card of run.sellers) {
        const won = records.deals.filter((d) => d.sellerId === card.sellerId && d.isWon && april(d.closedAt)).reduce((sum, d) => sum + (d.amount ?? 0), 0);
        expect(card.indicators.find((i) => i.indicatorId === 'won_revenue')!.actual).toBeCloseTo(won, 2);
      }
      expect(run.currency).toBe('DKK');
      expect(run.sellers.some((c) => (c.indicators.find((i) => i.indicatorId === 'won_revenue')!.actual ?? 0) > 0)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('answers a missing option, an unknown command or a missing file with one line and exit code 1', () => {
    const oneLine = (r: ReturnType<typeof run>) => r.stderr.trim().split('\n');
    const noFile = run(['import', '--tenant', 'acme']);
    expect([noFile.status, oneLine(noFile)]).toEqual([1, ["error: required option '--file <path>' not specified"]]);
    const unknown = run(['frobnicate']);
    expect([unknown.status, oneLine(unknown)]).toEqual([1, ["error: unknown command 'frobnicate' (see balanced-scorecard --help)"]]);
    const missing = run(['import', '--tenant', 'acme', '--file', path.join(dir, 'nothing-here.json')]);
    expect([missing.status, oneLine(missing)]).toEqual([1, [`Error (not_found): Cannot read "${path.join(dir, 'nothing-here.json')}": there is no such file`]]);
    expect(run(['--help']).stdout).toContain('Without a command: start');
  });
});
