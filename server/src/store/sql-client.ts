import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pool, types } from 'pg';
import { lockFolder, type FolderLock } from './folder-lock';

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
  /** Called when the server becomes unreachable and when it answers again (PostgreSQL only). */
  watchAvailability?(listener: (event: AvailabilityEvent) => void): void;
}

export type AvailabilityEvent = { up: false; error: Error } | { up: true; failedStatements: number; downMs: number };

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** Whether a failure means the server could not be reached, rather than that it refused a statement. */
function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}

// bigint (count(*), bigserial) as a JS number: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

/**
 * A statement the store refused, as the service may see and log it: the SQLSTATE, its condition
 * and the statement's opening words (our own SQL), never the database's message. That message and
 * its detail quote the values that failed ("Failing row contains (…)", "invalid input syntax:
 * \"…\""): check-in answers, notes, user ids, whole definitions.
 */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** The store cannot be reached (the server is down or restarting): nothing was written; try again later. */
export class StoreUnavailableError extends SqlError {
  constructor(message: string) {
    super(message, undefined);
    this.name = 'StoreUnavailableError';
  }
}

const CONDITIONS: Readonly<Record<string, string>> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23502': 'not_null_violation',
  '23514': 'check_violation',
  '22P02': 'invalid_text_representation',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22003': 'numeric_value_out_of_range',
  '22021': 'character_not_in_repertoire',
  '22P05': 'untranslatable_character',
  '22001': 'string_data_right_truncation',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42P01': 'undefined_table',
  '42703': 'undefined_column',
  '53300': 'too_many_connections',
  '57P01': 'admin_shutdown',
  '57P03': 'cannot_connect_now',
};

/** The first words of a statement (its verb and table), without the newlines and indentation of our SQL. */
function statementHead(sql: string | undefined): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
}

/**
 * Any failure of a statement as a SqlError that carries no data. A failure with no SQLSTATE (the
 * server is unreachable, the connection dropped) keeps its own message: it names a host, not data.
 */
function storeError(error: unknown, sql?: string): Error {
  if (error instanceof SqlError) return error;
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? ((error as { code: string }).code) : undefined;
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const condition = CONDITIONS[code] ?? `class ${code.slice(0, 2)}`;
    return new SqlError(`the store refused a statement: ${code} ${condition} in "${statementHead(sql)}"`, code);
  }
  if (error instanceof Error && !('detail' in error) && !('where' in error)) return error;
  return new SqlError(`the store failed on "${statementHead(sql)}"`, code);
}

interface WorkerReply {
  id: number;
  /** The statement that failed (our SQL, no parameters). */
  sql?: string;
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
  // One process per folder: a second one would destroy the store.
  const lock = dataDir === null ? null : lockFolder(dataDir);
  try {
    return await startPglite(dataDir, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function startPglite(dataDir: string | null, lock: FolderLock | null): Promise<SqlClient> {
  const worker = new Worker(path.join(__dirname, 'pglite-worker.js'), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (rows: object[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  worker.on('message', (reply: WorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.error) w.reject(storeError(reply.error.code === undefined ? new SqlError(reply.error.message, undefined) : { code: reply.error.code }, reply.sql));
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
      lock?.release();
    },
  };
}

/**
 * A client whose every statement runs inside one open transaction `tx` (of `engine`): a
 * transaction asked of it becomes a savepoint. Whatever is done through it commits or rolls back
 * with `tx` as one: an import is all of its file or nothing.
 */
export function clientInTransaction(tx: SqlExecutor, engine: SqlClient['engine']): SqlClient {
  let depth = 0;
  return {
    engine,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    async transaction(fn) {
      const name = `nested_${++depth}`;
      await tx.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        await tx.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      } finally {
        depth--;
      }
    },
    // The transaction's owner closes the connection.
    close: async () => undefined,
  };
}

export function createPostgresClient(connectionString: string, options: { max?: number; connectTimeoutMs?: number } = {}): SqlClient {
  const pool = new Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // An outage is reported once when it starts and once when it ends (with a count), never per statement.
  const listeners: ((event: AvailabilityEvent) => void)[] = [];
  let down: { since: number; failed: number } | null = null;
  const fail = (error: unknown, sql?: string): Error => {
    if (!isConnectionFailure(error)) return storeError(error, sql);
    const unavailable = new StoreUnavailableError(`the store cannot be reached${typeof (error as { code?: unknown }).code === 'string' ? ` (${(error as { code: string }).code})` : ''}`);
    if (down) down.failed++;
    else {
      down = { since: Date.now(), failed: 1 };
      for (const l of listeners) l({ up: false, error: unavailable });
    }
    return unavailable;
  };
  const succeeded = () => {
    if (!down) return;
    const { since, failed } = down;
    down = null;
    for (const l of listeners) l({ up: true, failedStatements: failed, downMs: Date.now() - since });
  };
  return {
    engine: 'postgres',
    watchAvailability(listener) {
      listeners.push(listener);
    },
    async query(sql, params) {
      try {
        const rows = (await pool.query(sql, params as unknown[] | undefined)).rows;
        succeeded();
        return rows;
      } catch (error) {
        throw fail(error, sql);
      }
    },
    async exec(sql) {
      try {
        await pool.query(sql);
        succeeded();
      } catch (error) {
        throw fail(error, sql);
      }
    },
    async transaction(fn) {
      const client = await pool.connect().catch((error: unknown) => {
        throw fail(error);
      });
      let broken = false;
      const control = (sql: string) =>
        client.query(sql).then(
          () => undefined,
          (error: unknown) => {
            throw fail(error, sql);
          },
        );
      try {
        await control('BEGIN');
        const result = await fn({
          query: async (sql, params) => {
            try {
              return (await client.query(sql, params as unknown[] | undefined)).rows;
            } catch (error) {
              throw fail(error, sql);
            }
          },
          exec: async (sql) => {
            try {
              await client.query(sql);
            } catch (error) {
              throw fail(error, sql);
            }
          },
        });
        await control('COMMIT');
        succeeded();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        broken = error instanceof StoreUnavailableError;
        throw error;
      } finally {
        // A connection that lost its server is dropped, not returned to the pool.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
