import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asExportFile } from '../../support/export-file';
import { generatePlantedTeam, PLANTED_DRIVERS, PLANTED_NOISE } from '../../support/planted-team';

/** `npx balanced-scorecard analyze` on a file in the documented import format: a planted team it has not seen elsewhere. */
const CLI = path.resolve(__dirname, '../../../server/bin/balanced-scorecard.js');
const NOW = '2026-11-20T12:00:00.000Z';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-analyze-'));
const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'analyze', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 120_000 });
const file = path.join(dir, 'team.json');

beforeAll(() => {
  fs.writeFileSync(file, JSON.stringify(asExportFile(generatePlantedTeam({ seed: 4242, sellers: 40, months: 8, now: NOW, tenantId: 'x' }), { timeZone: 'Europe/Oslo', currency: 'EUR', locale: 'en-GB' })));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npx balanced-scorecard analyze', () => {
  it('prints one JSON document with findings (measure, medians, delta, q, separates), plan and flags', () => {
    const res = run(['--file', file, '--json', '--now', NOW]);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['findings', 'plan', 'flags']));
    expect(doc.status).toBe('ok');
    expect(doc.window.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['measure', 'topMedian', 'restMedian', 'delta', 'q', 'separates']));
      expect(typeof f.separates).toBe('boolean');
    }
    const separating = doc.findings.filter((f: { separates: boolean }) => f.separates).map((f: { measure: string }) => f.measure);
    expect(separating).toEqual(expect.arrayContaining([...PLANTED_DRIVERS]));
    for (const noise of PLANTED_NOISE) expect(separating).not.toContain(noise);
    expect(doc.plan.sellers).toHaveLength(40);
    expect(doc.plan.items.map((i: { itemId: string }) => i.itemId)).toEqual(expect.arrayContaining([...PLANTED_DRIVERS]));
    expect(doc.flags).toHaveLength(40);
    expect(doc.flags[0]).toEqual(expect.objectContaining({ sellerId: 'seller-001', shortCalls: expect.any(Number), meetingsWithoutContact: 0, withoutOutcome: expect.any(Number), burstsBeforeClose: [] }));
    // The same file and seed, the same answer.
    expect(JSON.parse(run(['--file', file, '--json', '--now', NOW]).stdout)).toEqual(doc);
  });

  it('prints the findings, the plan and the flags in words', () => {
    const res = run(['--file', file, '--now', NOW]);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^What the top sellers do — 2026-05 to 2026-10, 40 sellers compared\n/);
    expect(res.stdout).toMatch(/• Follow-up within 24 h: top sellers \d+ ?%, the others \d+ ?%/);
    expect(res.stdout).toContain('\nWho learns what\n');
    expect(res.stdout).toContain('\nData-quality flags\n');
  });

  it('answers "too few sellers to tell" for a small team, and refuses a bad file or option', () => {
    const small = path.join(dir, 'small.json');
    fs.writeFileSync(small, JSON.stringify(asExportFile(generatePlantedTeam({ seed: 7, sellers: 5, months: 8, now: NOW, tenantId: 'x' }))));
    const res = run(['--file', small, '--json', '--now', NOW]);
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 'too_few_sellers', findings: [], plan: null });
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "format": "balanced-scorecard/v1", "sellers": [{ "id": 1 }] }');
    const refused = run(['--file', bad]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('sellers[0]');
    expect(run(['--file', file, '--permutations', 'many']).status).not.toBe(0);
    expect(run(['--file', path.join(dir, 'missing.json')]).stderr).toContain('there is no such file');
  });
});
