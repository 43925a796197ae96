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
import { BENCH_TENANT, generateBenchTenant, NOW } from './bench-tenant';

const PAGE = 5000;

/** Polls a URL every 10 ms from its own process (so a blocked event loop here cannot hide a slow answer). */
function startPoller(url: string) {
  const code = `let max=0,n=0,stop=false;process.stdin.on('data',()=>{stop=true});(async()=>{while(!stop){const t=performance.now();try{await fetch(process.argv[1])}catch{}const d=performance.now()-t;n++;if(d>max)max=d;await new Promise(r=>setTimeout(r,10))}console.log(JSON.stringify({max,n}));process.exit(0)})()`;
  const child = spawn(process.execPath, ['-e', code, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    async stop(): Promise<{ max: number; n: number }> {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end('stop\n');
      await exited;
      return JSON.parse(out) as { max: number; n: number };
    },
  };
}

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
async function coldLoad(db: SqlClient, label: string): Promise<{ loadMs: number; computeMs: number; healthzMaxMs: number; cards: number }> {
  const config = loadConfig({ MODE: 'production', LOG_LEVEL: 'silent', HOST: '127.0.0.1' });
  const service = await createService(config, { db, logger: pino({ level: 'silent' }), now: () => new Date(NOW) });
  const server = http.createServer(service.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const poller = startPoller(`http://127.0.0.1:${port}/healthz`);
  await new Promise((r) => setTimeout(r, 200));
  try {
    const t0 = performance.now();
    await service.scorecards.data(BENCH_TENANT);
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    const { run } = await service.scorecards.run(BENCH_TENANT, 'month');
    const computeMs = performance.now() - t1;
    const healthz = await poller.stop();
    console.log(`${label}: loaded in ${Math.round(loadMs)} ms, ${run.sellers.length} cards computed in ${Math.round(computeMs)} ms; /healthz slowest of ${healthz.n} polls ${healthz.max.toFixed(1)} ms`);
    return { loadMs, computeMs, healthzMaxMs: healthz.max, cards: run.sellers.length };
  } finally {
    await new Promise((r) => server.close(r));
    await service.close();
  }
}

async function main() {
  const records = generateBenchTenant();
  const activities = records.activities.length;
  console.log(`bench tenant: ${records.sellers.length} sellers, ${activities} activities, ${records.deals.length} deals, ${records.customers.length} customers, ${records.checkIns.length} check-ins`);
  const results: Record<string, { first: Awaited<ReturnType<typeof coldLoad>>; restart: Awaited<ReturnType<typeof coldLoad>> }> = {};

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-load-'));
  try {
    const openEmbedded = () => createPgliteClient(path.join(dir, 'pglite'));
    const db = await openEmbedded();
    console.log(`embedded store: ${activities} activities written in ${Math.round(await fill(db, records))} ms`);
    await db.close();
    const first = await coldLoad(await openEmbedded(), 'embedded, first load (snapshots built from the rows)');
    const restart = await coldLoad(await openEmbedded(), 'embedded, restarted service (snapshots read)');
    results.embedded = { first, restart };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (admin) {
    const name = `bs_bench_${randomBytes(4).toString('hex')}`;
    const c = new Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      const db = createPostgresClient(url.toString());
      console.log(`PostgreSQL: ${activities} activities written in ${Math.round(await fill(db, records))} ms`);
      await db.close();
      const first = await coldLoad(createPostgresClient(url.toString()), 'PostgreSQL, first load (snapshots built from the rows)');
      const restart = await coldLoad(createPostgresClient(url.toString()), 'PostgreSQL, restarted service (snapshots read)');
      results.postgres = { first, restart };
    } finally {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  } else {
    console.log('PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
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
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      healthzMaxMs: Math.round(Math.max(...all.map((r) => r.healthzMaxMs))),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
