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
import autocannon from 'autocannon';

const TEAMS = 40;
const PER_TEAM = 25;
const CONNECTIONS = 100;
const DURATION_S = 15;
const WARM_UP_S = 5;
const ADMIN = { 'x-demo-user': 'user-admin' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

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
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
