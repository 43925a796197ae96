import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { TenantIdSchema } from '@balanced-scorecard/shared';
import { createService } from '../compose';
import { loadConfig } from '../config/load-config';
import { isAppError } from '../errors/app-error';
import { importCommand } from './import-command';
import { startCommand } from './start-command';

const tenantName = (value: string) => {
  const parsed = TenantIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('lowercase letters, digits, "_" and "-"');
  return parsed.data;
};

function buildCli(): Command {
  const program = new Command('balanced-scorecard')
    .description('Balanced Scorecard service: a balanced scorecard for every seller, from your CRM data.')
    .showHelpAfterError();

  program
    .command('start', { isDefault: true })
    .description('Start the service (PORT, MODE=demo|production, DATABASE_URL or DATA_DIR; see README)')
    .action(async () => {
      await startCommand(loadConfig(process.env));
    });

  program
    .command('import')
    .description('Import a JSON export (docs/import-format.md) into a tenant; a bad file imports nothing')
    .requiredOption('--file <path>', 'the JSON file to import')
    .requiredOption('--tenant <name>', 'the tenant to import into (created when new)', tenantName)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { file: string; tenant: string; progress: boolean }) => {
      const result = await importCommand(loadConfig(process.env), opts);
      process.stdout.write(`Imported ${result.records} records in ${result.pages} pages into tenant "${opts.tenant}".\n`);
    });

  program
    .command('sync')
    .description('Sync a tenant from its CRM connection now (in demo mode, the demo tenant)')
    .requiredOption('--tenant <name>', 'the tenant to sync', tenantName)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { tenant: string; progress: boolean }) => {
      const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const service = await createService(config);
      try {
        if (config.mode === 'demo' && opts.tenant === config.demo.tenantId) {
          const { sync } = await service.prepareDemo();
          await sync;
          process.stdout.write(`Synced tenant "${opts.tenant}".\n`);
          return;
        }
        const bar = opts.progress ? new SingleBar({ format: 'Syncing [{bar}] {value}/{total} records | {kind}', noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic) : null;
        let started = false;
        const result = await service.sync.syncNow(opts.tenant, (p) => {
          if (!started) bar?.start(p.total ?? 0, 0, { kind: p.kind });
          started = true;
          bar?.update(p.records, { kind: p.kind });
        });
        bar?.stop();
        process.stdout.write(`Synced ${result.records} records in ${result.pages} pages.\n`);
      } finally {
        await service.close();
      }
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`Error (${error.code}): ${error.message}\n`);
      for (const issue of error.issues ?? []) {
        const where = issue.line !== undefined ? `line ${issue.line}, column ${issue.column}: ` : '';
        process.stderr.write(`  ${where}${issue.path}: ${issue.message}\n`);
      }
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

