import fs from 'node:fs';
import path from 'node:path';
import type { SqlClient } from './sql-client';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
// Any constant works: it serialises migrations between replicas starting at the same time.
const MIGRATION_LOCK = 4242_0001;

function listMigrations(): { name: string; sql: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
}

/** Applies the plain SQL migrations not applied yet, in name order, all in one transaction under an advisory lock: a failing migration applies none of them, and replicas starting together apply each once. */
export async function migrate(db: SqlClient): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
  });
  return applied;
}

export async function pendingMigrations(db: SqlClient): Promise<string[]> {
  const exists = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  const done = exists[0]?.present ? new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name)) : new Set<string>();
  return listMigrations()
    .map((m) => m.name)
    .filter((n) => !done.has(n));
}
