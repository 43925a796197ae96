import { Command, InvalidArgumentError } from 'commander';
import { TenantIdSchema } from '@balanced-scorecard/shared';
import { isAppError } from '../errors/app-error';

// The service, the store and the progress bar load only when a command runs (required then, not
// imported above), so that `--help` and a mistyped command answer at once.
const lazy = {
  config: () => require('../config/load-config') as typeof import('../config/load-config'),
  start: () => require('./start-command') as typeof import('./start-command'),
  import: () => require('./import-command') as typeof import('./import-command'),
  analyze: () => require('./analyze-command') as typeof import('./analyze-command'),
  compose: () => require('../compose') as typeof import('../compose'),
  progress: () => require('cli-progress') as typeof import('cli-progress'),
};

const start = async () => {
  await lazy.start().startCommand(lazy.config().loadConfig(process.env));
};

const tenantName = (value: string) => {
  const parsed = TenantIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('lowercase letters, digits, "_" and "-"');
  return parsed.data;
};

const instant = (value: string) => {
  if (!Number.isFinite(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new InvalidArgumentError('an ISO 8601 instant such as 2026-11-20T12:00:00Z');
  return new Date(value).toISOString();
};

const wholeNumber = (value: string) => {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('a whole number from 1');
  return Number(value);
};

function buildCli(): Command {
  const program = new Command('balanced-scorecard')
    .description('Balanced Scorecard service: a balanced scorecard for every seller, from your CRM data. Without a command: start.')
    .showSuggestionAfterError()
    .allowExcessArguments()
    .action(async (_options: unknown, command: Command) => {
      if (command.args.length > 0) program.error(`error: unknown command '${command.args[0]}' (see balanced-scorecard --help)`);
      await start();
    });

  program.command('start').description('Start the service (PORT, MODE=demo|production, DATABASE_URL or DATA_DIR; see README)').action(start);

  program
    .command('import')
    .description('Import a JSON export (docs/import-format.md) into a tenant; a bad file imports nothing')
    .requiredOption('--file <path>', 'the JSON file to import')
    .requiredOption('--tenant <name>', 'the tenant to import into (created when new)', tenantName)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { file: string; tenant: string; progress: boolean }) => {
      const result = await lazy.import().importCommand(lazy.config().loadConfig(process.env), opts);
      process.stdout.write(`Imported ${result.records} records in ${result.pages} pages into tenant "${opts.tenant}".\n`);
    });

  program
    .command('analyze')
    .description('What the top sellers do, who learns what, and data-quality flags, from a JSON export (docs/import-format.md); nothing is stored')
    .requiredOption('--file <path>', 'the JSON file to analyse')
    .option('--json', 'one JSON document: findings, plan, flags')
    .option('--now <instant>', 'analyse the complete months before this ISO instant (default: now)', instant)
    .option('--seed <n>', 'the permutation test\'s seed', wholeNumber, 1)
    .option('--permutations <n>', 'permutations per behaviour', wholeNumber, 2000)
    .action((opts: { file: string; json?: boolean; now?: string; seed: number; permutations: number }) => {
      const { text } = lazy.analyze().analyzeCommand({ file: opts.file, json: opts.json === true, seed: opts.seed, permutations: opts.permutations, ...(opts.now ? { now: opts.now } : {}) });
      process.stdout.write(text);
    });

  program
    .command('sync')
    .description('Sync a tenant from its CRM connection now (in demo mode, the demo tenant)')
    .requiredOption('--tenant <name>', 'the tenant to sync', tenantName)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { tenant: string; progress: boolean }) => {
      const { createService } = lazy.compose();
      const { SingleBar, Presets } = lazy.progress();
      const config = lazy.config().loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
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
      // One line for people; the stack only when asked for.
      const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
      process.stderr.write(`Error: ${error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

