import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPgliteClient, createPostgresClient, type SqlClient } from '../../server/src/store/sql-client';

/**
 * Fresh databases for tests: an in-memory PGlite, or a new database on the PostgreSQL server
 * named by TEST_DATABASE_URL (npm test starts one; see scripts/test-services.sh).
 */
export interface TestDatabase {
  client: SqlClient;
  url: string | null;
  /** Another client on the same database, as a second replica would have. */
  connectAgain(): SqlClient;
  drop(): Promise<void>;
}

export function postgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('PostgreSQL tests need TEST_DATABASE_URL; `npm test` starts a server and sets it (scripts/test-services.sh).');
  return url;
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const admin = postgresUrl();
  const name = `bs_test_${randomBytes(6).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const clients: SqlClient[] = [];
  const connect = () => {
    const client = createPostgresClient(url.toString(), { max: 5 });
    clients.push(client);
    return client;
  };
  return {
    client: connect(),
    url: url.toString(),
    connectAgain: connect,
    async drop() {
      await Promise.all(clients.map((cl) => cl.close().catch(() => undefined)));
      const d = new Client({ connectionString: admin });
      await d.connect();
      try {
        // FORCE ends the database's connections; one the test role may not end (an autovacuum
        // worker of the server's own role) makes it fail for a moment: try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (error) {
            if (attempt >= 20 || (error as { code?: string }).code !== '42501') throw error;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      } finally {
        await d.end();
      }
    },
  };
}

export async function createPgliteDatabase(): Promise<TestDatabase> {
  const client = await createPgliteClient(null);
  return {
    client,
    url: null,
    connectAgain: () => {
      throw new Error('an in-memory PGlite has one connection');
    },
    drop: () => client.close(),
  };
}

export const ENGINES = [
  ['PGlite', createPgliteDatabase],
  ['PostgreSQL', createPostgresDatabase],
] as const;
