import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pool, types } from 'pg';

/**
 * One SQL dialect (PostgreSQL), two engines: PGlite embedded in a data folder, or a PostgreSQL
 * server through a pool. Everything above this file is the same for both.
 */
export interface SqlExecutor {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// bigint (count(*), bigserial) as a JS number: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

/** A statement the embedded store refused: its message and SQLSTATE (never its parameters). */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

interface WorkerReply {
  id: number;
  rows?: object[];
  ok?: true;
  error?: { message: string; code?: string };
}

/**
 * The embedded store: PGlite in a data folder (or in memory for `null`), run in a worker thread.
 * PGlite executes each statement synchronously in the thread that owns it; in this one, a
 * snapshot build or a page of a thousand rows would hold the service's event loop (and /healthz)
 * for as long as it runs. Here the service's thread only sends statements and receives rows.
 * PGlite has one connection: statements run one at a time, and a transaction holds the
 * connection until it ends, so no other statement falls into it.
 */
export async function createPgliteClient(dataDir: string | null): Promise<SqlClient> {
  if (dataDir !== null) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const worker = new Worker(path.join(__dirname, 'pglite-worker.js'), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (rows: object[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  worker.on('message', (reply: WorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.error) w.reject(new SqlError(reply.error.message, reply.error.code));
    else w.resolve(reply.rows ?? []);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', () => fail(new SqlError('The embedded store is closed', undefined)));
  const send = (message: { op: 'query' | 'exec' | 'close'; sql?: string; params?: readonly unknown[] }): Promise<object[]> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  };
  await new Promise<void>((resolve, reject) => {
    waiting.set(0, { resolve: () => resolve(), reject });
  });

  // One statement or one transaction at a time, in the order asked.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const direct: SqlExecutor = {
    query: <R extends object>(sql: string, params?: readonly unknown[]) => send({ op: 'query', sql, params: params ?? [] }) as Promise<R[]>,
    exec: async (sql) => void (await send({ op: 'exec', sql })),
  };
  return {
    engine: 'pglite',
    query: (sql, params) => exclusive(() => direct.query(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (fn) =>
      exclusive(async () => {
        await direct.exec('BEGIN');
        try {
          const result = await fn(direct);
          await direct.exec('COMMIT');
          return result;
        } catch (error) {
          await direct.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    async close() {
      await exclusive(() => send({ op: 'close' })).catch(() => undefined);
      await worker.terminate();
    },
  };
}

export function createPostgresClient(connectionString: string, options: { max?: number } = {}): SqlClient {
  const pool = new Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    engine: 'postgres',
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[] | undefined)).rows;
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (sql, params) => (await client.query(sql, params as unknown[] | undefined)).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
