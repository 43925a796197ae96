import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { defaultDefinition, MeasureSpecSchema, ScorecardDefinitionSchema, targetValueFor, evaluateMeasure, indexBySeller } from '@balanced-scorecard/shared';
import { importCommand } from '../../../server/src/cli/import-command';
import { loadConfig } from '../../../server/src/config/load-config';
import { createService } from '../../../server/src/compose';
import { AppError, MAX_ISSUES } from '../../../server/src/errors/app-error';
import { createPgliteClient, type SqlClient } from '../../../server/src/store/sql-client';
import { createStore } from '../../../server/src/store/store';
import { createPostgresDatabase, type TestDatabase } from '../../support/databases';
import { exportFile } from '../../support/export-file';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

const SELLER = 'user-seller-001';
const ADMIN = 'user-admin';
const answers = { motivation: 3, energy: 3, product_pride: 3, goal_belief: 3, selling_time: 3, product_knowledge: 3, sales_skills: 3, tools_support: 3 };
/** JSON as a client may send it, `__proto__` keys and escapes included (a JS object literal could not hold them). */
const raw = (json: string) => ({ body: json, type: 'application/json' });

describe('text the store cannot hold is refused at the edge, with a code', () => {
  let svc: TestService;
  let sellerId: string;
  beforeAll(async () => {
    svc = await startTestService();
    sellerId = (await request(svc.app).get('/api/v1/me').set('x-demo-user', SELLER)).body.sellerId;
  });
  afterAll(async () => {
    await svc.close();
  });
  const post = (json: string) => request(svc.app).post(`/api/v1/sellers/${sellerId}/check-ins`).set('x-demo-user', SELLER).type(raw(json).type).send(raw(json).body);

  it('refuses a NUL character or a lone surrogate in a check-in note, and stores nothing', async () => {
    for (const note of ['before\\u0000after', 'lone \\ud800 high', 'lone \\udc00 low']) {
      const res = await post(`{"answers":${JSON.stringify(answers)},"note":"${note}"}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues[0].path).toBe('body.note');
    }
    // A pair of surrogates is one character (an emoji), and is kept.
    const ok = await post(`{"answers":${JSON.stringify(answers)},"note":"good \\ud83d\\ude00"}`);
    expect(ok.status).toBe(201);
    expect(ok.body.checkIn.note).toBe('good 😀');
  });

  it('refuses the same in any definition text', async () => {
    const current = (await request(svc.app).get('/api/v1/definition').set('x-demo-user', ADMIN)).body.definition;
    for (const label of ['Calls\u0000', 'Calls \ud800']) {
      const definition = { ...current, indicators: current.indicators.map((i: { label: string }, k: number) => (k === 0 ? { ...i, label } : i)) };
      const res = await request(svc.app).put('/api/v1/definition').set('x-demo-user', ADMIN).send({ baseVersion: current.version, definition });
      expect(res.status).toBe(400);
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('body.definition.indicators[0].label');
    }
  });

  it('refuses "__proto__" in answers and targets instead of dropping it', async () => {
    const withProto = `{"answers":{"__proto__":5,${JSON.stringify(answers).slice(1)}}`;
    const res = await post(withProto);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.issues)).toContain('__proto__');
    const targets = await request(svc.app).patch(`/api/v1/sellers/${sellerId}/targets`).set('x-demo-user', ADMIN).type('application/json').send('{"targets":{"__proto__":3}}');
    expect(targets.status).toBe(400);
  });

  it('lists a bounded number of problems however many keys a request carries', async () => {
    const many = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`u${i}`, 3]));
    const res = await post(JSON.stringify({ answers: many }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
    expect(Buffer.byteLength(res.text)).toBeLessThan(20_000);
    // However an error is made, it lists MAX_ISSUES problems and says how many more there were.
    const error = new AppError('validation_failed', 'bad', { issues: Array.from({ length: 300 }, (_, i) => ({ path: `x[${i}]`, message: 'm'.repeat(5_000) })) });
    expect(error.issues).toHaveLength(MAX_ISSUES + 1);
    expect(error.issues![MAX_ISSUES]!.message).toBe(`${300 - MAX_ISSUES} more problems not listed`);
    expect(error.issues![0]!.message.length).toBeLessThanOrEqual(300);
  });
});

describe('locale, currency and time zone are what Intl can use', () => {
  it('refuses en_US, an unknown currency and an unknown zone', () => {
    const base = defaultDefinition();
    const check = (over: object) => ScorecardDefinitionSchema.safeParse({ ...base, ...over });
    expect(check({ locale: 'en_US' }).success).toBe(false);
    expect(check({ locale: 'en-US' }).success).toBe(true);
    expect(check({ locale: 'nb-NO' }).success).toBe(true);
    expect(check({ currency: 'XYZ' }).success).toBe(false);
    expect(check({ currency: 'DKK' }).success).toBe(true);
    expect(check({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});

describe('ids named like built-in members are plain ids', () => {
  it('gives a seller "constructor" of team "toString" the default target, and an item "constructor" no answer', () => {
    const indicator = defaultDefinition().indicators[0]!;
    expect(targetValueFor(indicator, { id: 'constructor', teamIds: ['toString', '__proto__', 'hasOwnProperty'] })).toBe(indicator.target.value);
    const measure = MeasureSpecSchema.parse({ kind: 'latest', itemId: 'constructor' });
    const index = indexBySeller({ activities: [], deals: [], customers: [], checkIns: [{ tenantId: 'acme', sellerId: 's1', periodKey: '2026-03', by: 'self', answers: { motivation: 4 }, note: null, at: '2026-03-02T10:00:00.000Z' }] });
    const ctx = { startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z'), nowMs: Date.parse('2026-04-01T00:00:00Z'), asOfMs: Date.parse('2026-04-01T00:00:00Z'), toBaseCurrency: (a: number) => a };
    expect(evaluateMeasure(measure, index.get('s1')!, ctx)).toBeNull();
  });
});

describe.each(['pglite', 'postgres'] as const)('a bad import file imports nothing (%s)', (engine) => {
  let dir: string;
  let database: TestDatabase | null = null;
  let config: ReturnType<typeof loadConfig>;
  let open: () => Promise<SqlClient>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-bad-import-'));
    if (engine === 'postgres') {
      database = await createPostgresDatabase();
      config = loadConfig({ DATABASE_URL: database.url!, LOG_LEVEL: 'silent' });
      open = async () => database!.connectAgain();
    } else {
      config = loadConfig({ DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' });
      open = () => createPgliteClient(path.join(dir, 'data', 'pglite'));
    }
    const db = await open();
    await createStore(db).migrate();
    await db.close();
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const importFile = (file: object, tenant: string) => {
    const filePath = path.join(dir, `${tenant}.json`);
    fs.writeFileSync(filePath, JSON.stringify(file, null, 2));
    return importCommand(config, { file: filePath, tenant, progress: false });
  };
  const tenantIsAbsent = async (tenant: string) => {
    const db = await open();
    try {
      expect(await createStore(db).getTenant(tenant)).toBeNull();
      expect(await db.query(`SELECT count(*)::int AS n FROM activities WHERE tenant_id = $1`, [tenant])).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  };

  it('names the line of a NUL, a year 0000 and an offset beyond ±15:59, and creates no tenant', async () => {
    const file = exportFile({ seed: 9, sellersPerTeam: 3, activityScale: 0.3 });
    (file.sellers[0] as { name: string }).name = 'Sam\u0000';
    (file.activities[3] as { at: string }).at = '0000-03-01T10:00:00Z';
    (file.deals[0] as { createdAt: string }).createdAt = '2026-03-01T10:00:00+16:00';
    const error = await importFile(file, 'badtext').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'import_invalid' });
    const paths = (error as AppError).issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['sellers[0].name', 'activities[3].at', 'deals[0].createdAt']));
    expect((error as AppError).issues!.every((i) => typeof i.line === 'number')).toBe(true);
    await tenantIsAbsent('badtext');
  });

  it('leaves the store exactly as it was when the store itself refuses a record half-way', async () => {
    const file = exportFile({ seed: 9, sellersPerTeam: 3, activityScale: 0.3 });
    const last = file.activities.length - 1;
    (file.activities[last] as { id: string }).id = 'refused-by-the-store';
    // A rule only the database knows, met after thousands of records were written.
    const db = await open();
    await db.exec(`
      CREATE OR REPLACE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 'refused-by-the-store' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_one BEFORE INSERT ON activities FOR EACH ROW EXECUTE FUNCTION refuse_one();`);
    await db.close();
    try {
      await expect(importFile(file, 'halfway')).rejects.toMatchObject({ sqlState: '23514' });
      await tenantIsAbsent('halfway');
      const check = await open();
      try {
        expect(await check.query('SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = $1', ['halfway'])).toEqual([{ n: 0 }]);
      } finally {
        await check.close();
      }
    } finally {
      const cleanup = await open();
      await cleanup.exec('DROP TRIGGER refuse_one ON activities; DROP FUNCTION refuse_one();');
      await cleanup.close();
    }
    // The same file without the refused record imports whole.
    file.activities.pop();
    const result = await importFile(file, 'halfway');
    expect(result.records).toBeGreaterThan(file.activities.length);
  });
});

describe('no log line carries answers, notes or definitions when the store fails', () => {
  it.each(['pglite', 'postgres'] as const)('logs the failure without its data (%s)', async (engine) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const database = engine === 'postgres' ? await createPostgresDatabase() : null;
    const db = database ? database.client : await createPgliteClient(null);
    const config = loadConfig({ MODE: 'demo', LOG_LEVEL: 'info', DEMO_MONTHS: '2', DEMO_ACTIVITY_SCALE: '0.2' });
    const svc = await createService(config, { db, now: () => TEST_NOW, logger: pino({ level: 'info' }, sink) });
    try {
      await (await svc.prepareDemo()).sync;
      const me = (await request(svc.app).get('/api/v1/me').set('x-demo-user', SELLER)).body;
      const definition = (await request(svc.app).get('/api/v1/definition').set('x-demo-user', ADMIN)).body.definition;
      // The store now refuses every check-in and every definition: a failure with data in hand.
      await db.exec(`
        CREATE OR REPLACE FUNCTION refuse_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused: %', row_to_json(NEW)::text USING DETAIL = row_to_json(NEW)::text; END $$;
        CREATE TRIGGER refuse_check_ins BEFORE INSERT ON check_ins FOR EACH ROW EXECUTE FUNCTION refuse_all();
        CREATE TRIGGER refuse_definitions BEFORE INSERT ON definitions FOR EACH ROW EXECUTE FUNCTION refuse_all();`);
      const secretAnswers = { ...answers, motivation: 1, energy: 4 };
      const checkIn = await request(svc.app).post(`/api/v1/sellers/${me.sellerId}/check-ins`).set('x-demo-user', SELLER).send({ answers: secretAnswers, note: 'my private worry about quota' });
      expect(checkIn.status).toBe(500);
      const renamed = { ...definition, indicators: definition.indicators.map((i: { label: string }, k: number) => (k === 0 ? { ...i, label: 'Confidential label xyzzy' } : i)) };
      const save = await request(svc.app).put('/api/v1/definition').set('x-demo-user', ADMIN).send({ baseVersion: definition.version, definition: renamed });
      expect(save.status).toBe(500);
      const log = lines.join('');
      expect(log).toContain('request failed');
      expect(log).toContain('P0001');
      for (const secret of ['private worry', 'xyzzy', '"motivation":1', 'motivation', 'user-seller-001', 'refused:']) expect(log).not.toContain(secret);
      // Nor does the answer to the caller.
      expect(checkIn.text).not.toContain('worry');
    } finally {
      await svc.close();
      await database?.drop();
    }
  });
});

describe('one process per embedded store folder', () => {
  it('refuses a second process with who holds it and what to do, and takes a lock whose holder is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-lock-'));
    const folder = path.join(dir, 'pglite');
    try {
      const first = await createPgliteClient(folder);
      const error = await createPgliteClient(folder).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'store_locked', message: expect.stringContaining(`process ${process.pid}`) });
      expect((error as Error).message).toContain('stop the service, import, start it again');
      await first.close();
      // A holder that was killed leaves its lock behind; the next process takes it.
      fs.writeFileSync(`${folder}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));
      const next = await createPgliteClient(folder);
      expect(await next.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await next.close();
      expect(fs.existsSync(`${folder}.lock`)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an import into the folder of a running service', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-lock-import-'));
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' });
    const running = await createPgliteClient(path.join(dir, 'data', 'pglite'));
    try {
      const filePath = path.join(dir, 'file.json');
      fs.writeFileSync(filePath, JSON.stringify(exportFile({ seed: 9, sellersPerTeam: 3, activityScale: 0.3 })));
      await expect(importCommand(config, { file: filePath, tenant: 'acme', progress: false })).rejects.toMatchObject({ code: 'store_locked' });
      expect(await running.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await running.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
