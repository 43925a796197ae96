import { randomBytes } from 'node:crypto';
import http, { type Server } from 'node:http';
import { createService, type Service } from '../../server/src/compose';
import { loadConfig, type Config } from '../../server/src/config/load-config';
import type { SqlClient } from '../../server/src/store/sql-client';
import { createPgliteClient } from '../../server/src/store/sql-client';

/** A real service on a fresh store with a small demo tenant, for API and browser tests. */
export const TEST_NOW = new Date('2026-11-20T12:00:00.000Z');

/** The key of the month running at `at` in a time zone (the demo tenant's by default). */
export function runningMonthKey(at = new Date(), timeZone = 'Europe/Oslo'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

export interface TestService extends Service {
  config: Config;
}

export async function startTestService(options: { mode?: 'demo' | 'production'; env?: Record<string, string>; db?: SqlClient; now?: () => Date; demo?: boolean } = {}): Promise<TestService> {
  const config = loadConfig({
    MODE: options.mode ?? 'demo',
    LOG_LEVEL: 'silent',
    DEMO_MONTHS: '3',
    DEMO_ACTIVITY_SCALE: '0.3',
    // Production refuses to start without a key for CRM tokens.
    ...(options.mode === 'production' ? { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') } : {}),
    ...options.env,
  });
  const service = await createService(config, { db: options.db ?? (await createPgliteClient(null)), now: options.now ?? (() => TEST_NOW) });
  if (config.mode === 'demo' && options.demo !== false) await (await service.prepareDemo()).sync;
  return { ...service, config };
}

export async function listen(service: Service): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = http.createServer(service.app).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}
