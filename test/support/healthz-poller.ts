import { spawn } from 'node:child_process';

export interface PollResult {
  /** The slowest answer, in ms. */
  max: number;
  /** Polls made. */
  n: number;
  /** Polls that got no 200. */
  failed: number;
}

/**
 * Polls a URL every 10 ms from a process of its own, so a blocked event loop in the process that
 * serves it cannot hide a slow answer (a poller on the same loop would only start late).
 */
export function startPoller(url: string): { stop(): Promise<PollResult> } {
  const code = `let max=0,n=0,failed=0,stop=false;process.stdin.on('data',()=>{stop=true});(async()=>{while(!stop){const t=performance.now();try{const r=await fetch(process.argv[1]);await r.arrayBuffer();if(r.status!==200)failed++}catch{failed++}const d=performance.now()-t;n++;if(d>max)max=d;await new Promise(r=>setTimeout(r,10))}console.log(JSON.stringify({max,n,failed}));process.exit(0)})()`;
  const child = spawn(process.execPath, ['-e', code, url], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end('stop\n');
      await exited;
      return JSON.parse(out) as PollResult;
    },
  };
}
