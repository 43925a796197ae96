/**
 * API benchmark (DESIGN §12): the demo tenant scaled to 1,000 sellers, served by the real
 * service in its own process on the embedded store; autocannon asks for seller scorecards (the
 * card request) at 100 connections. The last line printed is one JSON object with the figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { runningMonthKey } from '../support/service';
import autocannon from 'autocannon';
import http from 'node:http';
import pino from 'pino';
import { createService } from '../../server/src/compose';
import { loadConfig } from '../../server/src/config/load-config';

const TEAMS = 40;
const PER_TEAM = 25;
const CONNECTIONS = 100;
const DURATION_S = 15;
const WARM_UP_S = 5;
const ADMIN = { 'x-demo-user': 'user-admin' };

/**
 * The same load on a server that routes with the same router and only sends a fixed body of the
 * same size: what this machine allows at best for this design.
 */
async function bareRouterFloor(bytes: number) {
  const port = await freePort();
  const code = `const h=require('node:http');const R=require('router');const r=R();const b=Buffer.from(JSON.stringify({x:'a'.repeat(${Math.max(0, bytes - 8)})}));r.get('/x/:id',(q,s)=>{s.setHeader('content-type','application/json');s.end(b)});h.createServer((q,s)=>r(q,s,()=>{s.statusCode=404;s.end()})).listen(${port},'127.0.0.1',()=>console.log('up'))`;
  const child = spawn(process.execPath, ['-e', code], { cwd: path.resolve(__dirname, '../../server'), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => child.stdout!.once('data', r));
  try {
    return await autocannon({ url: `http://127.0.0.1:${port}/x/1`, connections: CONNECTIONS, duration: DURATION_S });
  } finally {
    child.kill();
  }
}

async function main() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-bench-'));
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../server/bin/balanced-scorecard.js'), 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      MODE: 'demo',
      LOG_LEVEL: 'warn',
      DEMO_TEAMS: String(TEAMS),
      DEMO_SELLERS_PER_TEAM: String(PER_TEAM),
      DEMO_MONTHS: '3',
      DEMO_ACTIVITY_SCALE: '0.5',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const t0 = Date.now();
    let status: { running: boolean; counts: Record<string, number>; runs: { status: string }[] } | null = null;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const res = await fetch(`${base}/api/v1/sync/status`, { headers: ADMIN }).catch(() => null);
      if (res?.ok) {
        status = (await res.json()) as typeof status;
        if (status!.runs[0]?.status === 'succeeded') break;
        if (status!.runs[0]?.status === 'failed') throw new Error('demo sync failed');
      }
      if (Date.now() - t0 > 15 * 60_000) throw new Error('demo sync took too long');
    }
    const syncSeconds = (Date.now() - t0) / 1000;
    console.log(`demo synced: ${JSON.stringify(status!.counts)} in ${syncSeconds.toFixed(1)} s`);

    const sellers = Array.from({ length: TEAMS * PER_TEAM }, (_, i) => `seller-${String(i + 1).padStart(3, '0')}`);
    // The first request computes all scorecards of the tenant; later ones read them until the data changes.
    const w0 = Date.now();
    const first = await fetch(`${base}/api/v1/sellers/${sellers[0]}/scorecard`, { headers: ADMIN });
    if (!first.ok) throw new Error(`first request failed: ${first.status} ${await first.text()}`);
    const bodyBytes = (await first.arrayBuffer()).byteLength;
    console.log(`first scorecard request (loads and computes ${sellers.length} scorecards): ${Date.now() - w0} ms`);

    let n = 0;
    const load = (duration: number) =>
      autocannon({
        url: base,
        connections: CONNECTIONS,
        duration,
        headers: ADMIN,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/sellers/${sellers[n++ % sellers.length]}/scorecard` }) }],
      });
    // Steady state is what is measured: a first pass asks for every seller's card (each body is
    // serialised once per computed run) and lets the JIT settle; its figures are printed, not kept.
    const warm = await load(WARM_UP_S);
    console.log(`warm-up: ${warm.requests.total} requests, p50 ${warm.latency.p50} ms, p99 ${warm.latency.p99} ms`);
    const result = await load(DURATION_S);
    const errors = result.errors + result.non2xx;
    console.log(`autocannon: ${result.requests.total} requests, ${errors} errors, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    if (errors > 0) throw new Error(`${errors} failed requests`);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const mixed = await mixedLoad(dataDir, sellers);
    const floor = await bareRouterFloor(bodyBytes);
    console.log(`the machine's floor, a bare server on the same router sending ${bodyBytes} bytes: p50 ${floor.latency.p50} ms, p99 ${floor.latency.p99} ms, ${Math.round(floor.requests.average)} req/s`);
    console.log(
      JSON.stringify({
        sellers: sellers.length,
        activities: status!.counts.activities,
        connections: CONNECTIONS,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        reqPerSec: Math.round(result.requests.average),
        bareRouterP99Ms: floor.latency.p99,
        mixedReadP50Ms: mixed.readP50,
        mixedReadP99Ms: mixed.readP99,
        mixedWriteP99Ms: mixed.writeP99,
      }),
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** autocannon in a process of its own, so that the load it makes does not share the service's event loop. */
function autocannonInChild(options: { url: string; paths: string[]; duration: number; headers: Record<string, string> }): Promise<{ p50: number; p99: number; total: number; errors: number }> {
  const code = `const a=require('autocannon');const o=JSON.parse(process.argv[1]);let n=0;a({url:o.url,connections:${CONNECTIONS},duration:o.duration,headers:o.headers,requests:[{method:'GET',setupRequest:(r)=>({...r,path:o.paths[n++%o.paths.length]})}]},(e,r)=>{if(e)throw e;console.log(JSON.stringify({p50:r.latency.p50,p99:r.latency.p99,total:r.requests.total,errors:r.errors+r.non2xx}))})`;
  const c = spawn(process.execPath, ['-e', code, JSON.stringify(options)], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => c.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited with ${code}`)))));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * Card reads at 100 connections while data changes (DESIGN §12): one check-in a second through
 * the API, and one sync page of 100 activity records every 10 s through the store, as the sync loop
 * writes it. Each check-in is read back at once to see that it is visible on the next read.
 */
async function mixedLoad(dataDir: string, sellers: string[]) {
  const config = loadConfig({ MODE: 'demo', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_TEAMS: String(TEAMS), DEMO_SELLERS_PER_TEAM: String(PER_TEAM), DEMO_MONTHS: '3', DEMO_ACTIVITY_SCALE: '0.5' });
  const service = await createService(config, { logger: pino({ level: 'warn' }) });
  const server = http.createServer(service.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const paths = sellers.map((s) => `/api/v1/sellers/${s}/scorecard`);
  await fetch(`${base}${paths[0]}`, { headers: ADMIN });
  await autocannonInChild({ url: base, paths, duration: WARM_UP_S, headers: ADMIN });
  const writes: number[] = [];
  const pages: number[] = [];
  let stale = 0;
  let checkIns = 0;
  let stop = false;
  const checkInLoop = (async () => {
    for (let i = 0; !stop; i++) {
      const sellerId = sellers[(i * 37) % sellers.length]!;
      const v = (i % 5) + 1;
      const answers = { motivation: v, energy: v, product_pride: v, goal_belief: v, selling_time: v, product_knowledge: v, sales_skills: v, tools_support: v };
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/sellers/${sellerId}/check-ins`, { method: 'POST', headers: { 'x-demo-user': `user-${sellerId}`, 'content-type': 'application/json' }, body: JSON.stringify({ answers }) });
      writes.push(performance.now() - t);
      if (res.status !== 201) throw new Error(`check-in failed: ${res.status} ${await res.text()}`);
      checkIns++;
      // The check-in is for the running month: read that month (early in a month the default period is the last one).
      const running = `?period=month&key=${runningMonthKey()}`;
      const card = (await (await fetch(`${base}/api/v1/sellers/${sellerId}/scorecard${running}`, { headers: { 'x-demo-user': `user-${sellerId}` } })).json()) as { scorecard: { indicators: { indicatorId: string; actual: number | null }[] } };
      if (card.scorecard.indicators.find((x) => x.indicatorId === 'motivation')?.actual !== v) stale++;
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const pageLoop = (async () => {
    for (let p = 0; !stop; p++) {
      await new Promise((r) => setTimeout(r, p === 0 ? 2000 : 10_000));
      if (stop) break;
      const at = new Date().toISOString();
      const records = Array.from({ length: 100 }, (_, k) => ({
        tenantId: 'demo', id: `bench-${p}-${k}`, sellerId: sellers[(p * 100 + k * 13) % sellers.length]!, type: 'call' as const, at, durationMin: 3,
        outcome: 'connected' as const, direction: 'outbound' as const, contactId: null, companyId: null, dealId: null, logged: true,
      }));
      const t = performance.now();
      await service.store.savePage('demo', 'bench', { kind: 'activities', records, cursor: String(p) });
      pages.push(performance.now() - t);
    }
  })();
  const reads = await autocannonInChild({ url: base, paths, duration: DURATION_S, headers: ADMIN });
  stop = true;
  await Promise.all([checkInLoop, pageLoop]);
  await new Promise((r) => server.close(r));
  await service.close();
  const all = [...writes, ...pages];
  console.log(
    `mixed load: ${reads.total} card reads (${reads.errors} errors), p50 ${reads.p50} ms, p99 ${reads.p99} ms; ${checkIns} check-ins (p99 ${percentile(writes, 99).toFixed(1)} ms, ${stale} not visible on the next read), ${pages.length} sync pages of 100 records (slowest ${Math.max(0, ...pages).toFixed(1)} ms)`,
  );
  if (reads.errors > 0) throw new Error(`${reads.errors} failed reads under mixed load`);
  return { readP50: reads.p50, readP99: reads.p99, writeP99: Math.round(percentile(all, 99) * 10) / 10, stale };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
