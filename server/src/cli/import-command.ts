import fs from 'node:fs';
import { defaultDefinition, type TenantSettings } from '@balanced-scorecard/shared';
import { hostname } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { openDatabase } from '../compose';
import type { Config } from '../config/load-config';
import { AppError } from '../errors/app-error';
import { parseImportFile } from '../connectors/file/parse-import-file';
import { createFileConnector } from '../connectors/file/file-connector';
import { clientInTransaction } from '../store/sql-client';
import { createStore, type Store } from '../store/store';
import { runSync, type SyncResult } from '../sync/run-sync';

export interface ImportOptions {
  file: string;
  tenant: string;
  progress: boolean;
}

/**
 * Imports a file in the documented format (docs/import-format.md) into a tenant, through the
 * sync pipeline: the whole file is checked first, and a bad file imports nothing.
 */
export async function importCommand(config: Config, options: ImportOptions, out: NodeJS.WritableStream = process.stderr): Promise<SyncResult> {
  const text = readImportFile(options.file);
  const db = await openDatabase(config);
  try {
    await createStore(db).migrate();
    const existing = await createStore(db).loadRecords(options.tenant);
    const parsed = parseImportFile(text, options.tenant, {
      sellerIds: new Set(existing.sellers.map((s) => s.id)),
      teamIds: new Set(existing.teams.map((t) => t.id)),
    });
    const bar = options.progress ? new SingleBar({ format: 'Importing [{bar}] {percentage}% | {value}/{total} records | {kind}', stream: out, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic) : null;
    bar?.start(parsed.total, 0, { kind: '' });
    try {
      // One transaction for the whole file, the tenant's creation included: a record the store
      // refuses half-way leaves the store exactly as it was.
      return await db.transaction(async (tx) => {
        const store = createStore(clientInTransaction(tx, db.engine));
        await applySettings(store, options.tenant, parsed.settings);
        return runSync(store, {
          tenantId: options.tenant,
          connector: createFileConnector(parsed),
          holder: `${hostname()}:${process.pid}:import`,
          onProgress: (p) => bar?.update(p.records, { kind: p.kind }),
        });
      });
    } finally {
      bar?.stop();
    }
  } finally {
    await db.close();
  }
}

/**
 * The tenant, created when new, with the settings the file carries: its name, and the time zone,
 * currency and locale of its definition (a new definition version; the rest of it is kept).
 */
async function applySettings(store: Store, tenantId: string, settings: TenantSettings): Promise<void> {
  const tenant = await store.ensureTenant(tenantId, settings.name ?? tenantId);
  if (settings.name !== undefined && tenant.name !== settings.name) await store.setTenantName(tenantId, settings.name);
  if (settings.timeZone === undefined && settings.currency === undefined && settings.locale === undefined) return;
  const current = await store.getDefinition(tenantId);
  const base = current ?? defaultDefinition();
  const next = { ...base, timeZone: settings.timeZone ?? base.timeZone, currency: settings.currency ?? base.currency, locale: settings.locale ?? base.locale };
  if (current && next.currency === current.currency && next.timeZone === current.timeZone && next.locale === current.locale) return;
  await store.saveDefinition(tenantId, next, 'import', current?.version);
}

/** The file's text; a file that cannot be read is a clear error, not a stack trace. */
export function readImportFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'it may not be read' : String((error as Error).message);
    throw new AppError('not_found', `Cannot read "${file}": ${why}`);
  }
}
