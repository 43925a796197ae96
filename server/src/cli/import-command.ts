import fs from 'node:fs';
import { hostname } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { openDatabase } from '../compose';
import type { Config } from '../config/load-config';
import { parseImportFile } from '../connectors/file/parse-import-file';
import { createFileConnector } from '../connectors/file/file-connector';
import { createStore } from '../store/store';
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
  const text = fs.readFileSync(options.file, 'utf8');
  const db = await openDatabase(config);
  const store = createStore(db);
  try {
    await store.migrate();
    const existing = await store.loadRecords(options.tenant);
    const parsed = parseImportFile(text, options.tenant, {
      sellerIds: new Set(existing.sellers.map((s) => s.id)),
      teamIds: new Set(existing.teams.map((t) => t.id)),
    });
    // Only a file that passed every check creates the tenant.
    await store.ensureTenant(options.tenant, options.tenant);
    const bar = options.progress ? new SingleBar({ format: 'Importing [{bar}] {percentage}% | {value}/{total} records | {kind}', stream: out, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic) : null;
    bar?.start(parsed.total, 0, { kind: '' });
    try {
      return await runSync(store, {
        tenantId: options.tenant,
        connector: createFileConnector(parsed),
        holder: `${hostname()}:${process.pid}:import`,
        onProgress: (p) => bar?.update(p.records, { kind: p.kind }),
      });
    } finally {
      bar?.stop();
    }
  } finally {
    await store.close();
  }
}
