import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Pool, types } from 'pg';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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

export async function createPgliteClient(dataDir: string | null): Promise<SqlClient> {
  if (dataDir !== null) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  // PGlite runs each statement synchronously in this thread and settles its promise at once, so
  // a run of statements (a sync, a load) would be one unbroken chain of microtasks that starves
  // timers and sockets: /healthz would not answer until it ends. Every statement first yields to
  // the event loop, which costs microseconds and keeps each block to one statement.
  const run = async <R extends object>(exec: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) => {
    await yieldToEventLoop();
    return (await exec.query<R>(sql, params as unknown[] | undefined)).rows;
  };
  const exec = async (target: Pick<PGlite, 'exec'>, sql: string) => {
    await yieldToEventLoop();
    await target.exec(sql);
  };
  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: (sql) => exec(db, sql),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params), exec: (sql) => exec(tx, sql) })),
    close: () => db.close(),
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
