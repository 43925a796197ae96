/**
 * Cold-load benchmark (DESIGN §12, §10): the 1,000-seller / 1M-activity tenant of bench:engine,
 * written into the embedded store (PGlite in a data folder) and into PostgreSQL, then loaded by a
 * fresh service as after a restart. For each store it prints the first load after the records
 * were written (every seller's snapshot is built from the rows) and the cold load of a restarted
 * service (snapshots read), and throughout it polls /healthz from another process. The last line
 * is one JSON object: activities, embeddedMs, postgresMs, peakRssMB, healthzMaxMs.
 *
 * PostgreSQL comes from BENCH_DATABASE_URL or TEST_DATABASE_URL (a role that may create
 * databases; `npm test` sets one up, see scripts/test-services.sh); without one it is skipped.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { RECORD_KINDS, type RecordKind, type RecordSet } from '@balanced-scorecard/shared';
import { createService } from '../../server/src/compose';
import { loadConfig } from '../../server/src/config/load-config';
import { createPgliteClient, createPostgresClient, type SqlClient } from '../../server/src/store/sql-client';
import { createStore } from '../../server/src/store/store';
import { startPoller } from '../support/healthz-poller';
import { BENCH_TENANT, generateBenchTenant, NOW } from './bench-tenant';

const PAGE = 5000;

async function fill(db: SqlClient, records: RecordSet): Promise<number> {
  const store = createStore(db);
  await store.migrate();
  await store.ensureTenant(BENCH_TENANT, 'Bench');
  const t0 = performance.now();
  for (const kind of RECORD_KINDS) {
    const all = records[kind] as RecordSet[RecordKind][number][];
    for (let at = 0; at < all.length; at += PAGE) {
      await store.savePage(BENCH_TENANT, 'bench', { kind, records: all.slice(at, at + PAGE), cursor: String(at + PAGE) } as never);
    }
  }
  return performance.now() - t0;
}

/** A service on the store, as `start` builds it, with /healthz polled while it loads the tenant. */
async function coldLoad(db: SqlClient, label: string): Promise<{ loadMs: number; computeMs: number; healthzMaxMs: number; cards: number; heldMB: number; estimatedMB: number }> {
  const config = loadConfig({ MODE: 'production', LOG_LEVEL: 'silent', HOST: '127.0.0.1', TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
  const service = await createService(config, { db, logger: pino({ level: 'silent' }), now: () => new Date(NOW) });
  const server = http.createServer(service.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const poller = startPoller(`http://127.0.0.1:${port}/healthz`);
  await new Promise((r) => setTimeout(r, 200));
  global.gc?.();
  const before = process.memoryUsage();
  try {
    const t0 = performance.now();
    await service.scorecards.data(BENCH_TENANT);
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    const { run } = await service.scorecards.run(BENCH_TENANT, 'month');
    const computeMs = performance.now() - t1;
    const healthz = await poller.stop();
    global.gc?.();
    const after = process.memoryUsage();
    // What the service holds for the tenant: its index and cards, on the heap and in typed arrays.
    const heldMB = Math.round((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1048576);
    const estimatedMB = Math.round(service.scorecards.memory().reduce((n, m) => n + m.bytes, 0) / 1048576);
    console.error(`${label}: loaded in ${Math.round(loadMs)} ms, ${run.sellers.length} cards computed in ${Math.round(computeMs)} ms; /healthz slowest of ${healthz.n} polls ${healthz.max.toFixed(1)} ms`);
    console.error(`${label}: the service holds ${heldMB} MB for the tenant (its own estimate: ${estimatedMB} MB)`);
    return { loadMs, computeMs, healthzMaxMs: healthz.max, cards: run.sellers.length, heldMB, estimatedMB };
  } finally {
    await new Promise((r) => server.close(r));
    await service.close();
  }
}

interface ColdLoad {
  loadMs: number;
  computeMs: number;
  healthzMaxMs: number;
  cards: number;
  peakRssMB: number;
  heldMB: number;
  estimatedMB: number;
}

/** A cold load in a process of its own, as a restarted service meets it: nothing else on its heap. */
function coldLoadInChild(engine: 'embedded' | 'postgres', where: string, label: string): Promise<ColdLoad> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--cold', engine, where, label], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const lines = out.trim().split('\n');
      for (const line of lines.slice(0, -1)) console.log(line);
      if (code === 0) resolve(JSON.parse(lines[lines.length - 1]!) as ColdLoad);
      else reject(new Error(`the cold load (${label}) failed with code ${code}`));
    }),
  );
}

async function child(engine: string, where: string, label: string) {
  const db = engine === 'embedded' ? await createPgliteClient(where) : createPostgresClient(where);
  const r = await coldLoad(db, label);
  console.log(JSON.stringify({ ...r, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main() {
  let records: RecordSet | null = generateBenchTenant();
  const activities = records.activities.length;
  console.log(`bench tenant: ${records.sellers.length} sellers, ${activities} activities, ${records.deals.length} deals, ${records.customers.length} customers, ${records.checkIns.length} check-ins`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-load-'));
  const results: Record<string, { first: ColdLoad; restart: ColdLoad }> = {};
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const pgName = `bs_bench_${randomBytes(4).toString('hex')}`;
  const pgAdmin = admin ? new Client({ connectionString: admin }) : null;
  try {
    const embedded = path.join(dir, 'pglite');
    const db = await createPgliteClient(embedded);
    console.log(`embedded store: ${activities} activities written in ${Math.round(await fill(db, records))} ms`);
    await db.close();
    let pgUrl: string | null = null;
    if (pgAdmin) {
      await pgAdmin.connect();
      await pgAdmin.query(`CREATE DATABASE ${pgName}`);
      const url = new URL(admin!);
      url.pathname = `/${pgName}`;
      pgUrl = url.toString();
      const pg = createPostgresClient(pgUrl);
      console.log(`PostgreSQL: ${activities} activities written in ${Math.round(await fill(pg, records))} ms`);
      await pg.close();
    } else {
      console.log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    }
    records = null; // the loads run in processes of their own
    results.embedded = {
      first: await coldLoadInChild('embedded', embedded, 'embedded, first load after the records were written (snapshots built from the rows)'),
      restart: await coldLoadInChild('embedded', embedded, 'embedded, restarted service (snapshots read)'),
    };
    if (pgUrl) {
      results.postgres = {
        first: await coldLoadInChild('postgres', pgUrl, 'PostgreSQL, first load after the records were written (snapshots built from the rows)'),
        restart: await coldLoadInChild('postgres', pgUrl, 'PostgreSQL, restarted service (snapshots read)'),
      };
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgAdmin) {
      await pgAdmin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => undefined);
      await pgAdmin.end();
    }
  }

  const all = Object.values(results).flatMap((r) => [r.first, r.restart]);
  console.log(
    JSON.stringify({
      activities,
      embeddedMs: Math.round(results.embedded!.restart.loadMs),
      postgresMs: results.postgres ? Math.round(results.postgres.restart.loadMs) : null,
      embeddedFirstLoadMs: Math.round(results.embedded!.first.loadMs),
      postgresFirstLoadMs: results.postgres ? Math.round(results.postgres.first.loadMs) : null,
      computeMs: Math.round(results.embedded!.restart.computeMs),
      heldMB: results.embedded!.restart.heldMB,
      estimatedMB: results.embedded!.restart.estimatedMB,
      peakRssMB: Math.max(...all.map((r) => r.peakRssMB)),
      healthzMaxMs: Math.round(Math.max(...all.map((r) => r.healthzMaxMs))),
    }),
  );
}

const cold = process.argv.indexOf('--cold');
(cold > 0 ? child(process.argv[cold + 1]!, process.argv[cold + 2]!, process.argv[cold + 3]!) : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
