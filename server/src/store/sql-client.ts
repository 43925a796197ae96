import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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

export async function createPgliteClient(dataDir: string | null): Promise<SqlClient> {
  if (dataDir !== null) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  const run = async <R extends object>(exec: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await exec.query<R>(sql, params as unknown[] | undefined)).rows;
  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (fn) =>
      db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params), exec: async (sql) => void (await tx.exec(sql)) })),
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
