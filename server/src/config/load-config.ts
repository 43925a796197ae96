import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { toIssues } from '../errors/zod-issues';

const port = z.coerce.number().int().min(0).max(65535);

/** Everything the service reads from the environment, parsed once at start-up. */
const KEY_FORMAT = 'must be 32 bytes: 64 hex characters, or 44 base64 characters ending in "=" (openssl rand -base64 32)';

const ConfigSchema = z
  .object({
  PORT: port.default(3000),
  /** Where to listen. Unset: 127.0.0.1 in demo mode (its "view as" picker makes anyone admin), 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  /** `demo` seeds a demo tenant and allows the "view as" picker; `production` never does. */
  MODE: z.enum(['demo', 'production']).default('demo'),
  /** A PostgreSQL server; without it the embedded PGlite store in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /** 32 random bytes as 64 hex characters or 44 base64 characters (`openssl rand -base64 32`): encrypts CRM tokens at rest (AES-256-GCM). Required in production. */
  TOKEN_ENCRYPTION_KEY: z.string().refine((v) => decodeKey(v) !== null, KEY_FORMAT).optional(),
  /** Keys that sealed tokens before the current one, comma-separated, in the same format: read, never written with. */
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .refine((v) => v.split(',').every((k) => decodeKey(k.trim()) !== null), `each ${KEY_FORMAT}`)
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_TENANT: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('demo'),
  DEMO_SEED: z.coerce.number().int().default(42),
  /** Sellers per team and teams for the demo tenant (3 × 8 by default). */
  DEMO_TEAMS: z.coerce.number().int().min(1).max(200).default(3),
  DEMO_SELLERS_PER_TEAM: z.coerce.number().int().min(1).max(100).default(8),
  DEMO_ACTIVITY_SCALE: z.coerce.number().positive().max(10).default(1),
  DEMO_MONTHS: z.coerce.number().int().min(1).max(36).default(12),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Memory the tenants' scorecard indexes may take together (MB); the least recently used tenant goes first. Sized for a 2 GB container. */
  SCORECARD_MEMORY_MB: z.coerce.number().int().min(16).max(1_048_576).default(768),
  WEB_DIST_DIR: z.string().optional(),
  /** Where HubSpot and browsers reach this service (https in production): OAuth redirects and signed card requests are built on it. */
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\/[^/?#]+$/, 'an origin without a path, such as https://scorecard.example.com')
    .optional(),
  /** The HubSpot app's OAuth client (developer project → Auth): both or neither. */
  HUBSPOT_CLIENT_ID: z.string().regex(/^[0-9a-f-]{8,64}$/i, 'a HubSpot client id').optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(16).max(256).optional(),
  /** Minutes between incremental syncs of each installed portal. */
  HUBSPOT_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** Days an uninstalled portal's CRM data is kept (a re-install within them resumes it), then purged. */
  HUBSPOT_PURGE_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** The Salesforce External Client App's OAuth client (consumer key and secret): both or neither. */
  SALESFORCE_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._]{20,256}$/, 'a Salesforce consumer key').optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(16).max(256).optional(),
  /** Minutes between incremental syncs of each connected org. */
  SALESFORCE_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Days a disconnected org's CRM data is kept (connecting again within them resumes it), then purged. */
  SALESFORCE_PURGE_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Demo mode only: a HubSpot test portal whose signed card requests read the demo tenant. */
  DEMO_HUBSPOT_PORTAL_ID: z.string().regex(/^\d{1,20}$/, 'a HubSpot portal (hub) id').optional(),
  /** Demo mode only: that portal's users as demo users, "hubspotUserId:demoUserId,…". */
  DEMO_HUBSPOT_USERS: z
    .string()
    .regex(/^\d{1,20}:[A-Za-z0-9_-]{1,64}(,\d{1,20}:[A-Za-z0-9_-]{1,64})*$/, 'pairs "hubspotUserId:demoUserId" separated by commas')
    .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.MODE === 'production' && c.TOKEN_ENCRYPTION_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is required in production (CRM tokens are stored encrypted with it)' });
    }
    if ((c.HUBSPOT_CLIENT_ID === undefined) !== (c.HUBSPOT_CLIENT_SECRET === undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.HUBSPOT_CLIENT_ID === undefined ? 'HUBSPOT_CLIENT_ID' : 'HUBSPOT_CLIENT_SECRET'], message: 'is required with the other HubSpot client setting' });
    }
    if ((c.SALESFORCE_CLIENT_ID === undefined) !== (c.SALESFORCE_CLIENT_SECRET === undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.SALESFORCE_CLIENT_ID === undefined ? 'SALESFORCE_CLIENT_ID' : 'SALESFORCE_CLIENT_SECRET'], message: 'is required with the other Salesforce client setting' });
    }
    if (c.SALESFORCE_CLIENT_ID !== undefined && c.PUBLIC_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required with a Salesforce app (its OAuth redirect and the record pages’ frames are built on it)' });
    }
    if (c.HUBSPOT_CLIENT_ID !== undefined && c.PUBLIC_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required with a HubSpot app (its OAuth redirect and signed requests are built on it)' });
    }
    if (c.MODE === 'production' && c.PUBLIC_URL !== undefined && !c.PUBLIC_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be https in production' });
    }
    if (c.MODE === 'production' && (c.DEMO_HUBSPOT_PORTAL_ID !== undefined || c.DEMO_HUBSPOT_USERS !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.DEMO_HUBSPOT_PORTAL_ID !== undefined ? 'DEMO_HUBSPOT_PORTAL_ID' : 'DEMO_HUBSPOT_USERS'], message: 'is for demo mode only' });
    }
    if (c.DEMO_HUBSPOT_PORTAL_ID !== undefined && c.HUBSPOT_CLIENT_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['HUBSPOT_CLIENT_SECRET'], message: 'is required with DEMO_HUBSPOT_PORTAL_ID (card requests are checked with it)' });
    }
  });

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  /** Whether HOST was set: demo mode listens beyond this machine only when asked to. */
  hostExplicit: boolean;
  mode: 'demo' | 'production';
  databaseUrl: string | null;
  dataDir: string;
  tokenKey: Buffer | null;
  previousTokenKeys: Buffer[];
  logLevel: RawConfig['LOG_LEVEL'];
  demo: { tenantId: string; seed: number; teams: number; sellersPerTeam: number; activityScale: number; months: number };
  shutdownTimeoutMs: number;
  scorecardMemoryBytes: number;
  webDistDir: string;
  publicUrl: string | null;
  hubspot: {
    /** The OAuth client, when this service is a HubSpot app. */
    client: { id: string; secret: string } | null;
    syncIntervalMs: number;
    purgeGraceMs: number;
    /** Demo mode: the portal bridged to the demo tenant, and its users as demo users. */
    demoPortalId: string | null;
    demoUsers: ReadonlyMap<string, string>;
  };
  salesforce: {
    /** The OAuth client, when this service is a Salesforce app. */
    client: { id: string; secret: string } | null;
    syncIntervalMs: number;
    purgeGraceMs: number;
  };
}

/**
 * A 32-byte key, written as 64 hex characters or as the 44 characters of standard base64 (with
 * its "=" padding) that encode exactly those bytes. Anything else, a passphrase of the right
 * length included, is not a key.
 */
function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === value ? bytes : null;
}

/** Parses the environment once; one error names every missing or bad variable. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    throw new AppError('config_invalid', `Invalid configuration: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST ?? (c.MODE === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    hostExplicit: c.HOST !== undefined,
    mode: c.MODE,
    databaseUrl: c.DATABASE_URL ?? null,
    dataDir: path.resolve(cwd, c.DATA_DIR),
    tokenKey: c.TOKEN_ENCRYPTION_KEY === undefined ? null : decodeKey(c.TOKEN_ENCRYPTION_KEY),
    previousTokenKeys: (c.TOKEN_ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').flatMap((k) => (k.trim() === '' ? [] : [decodeKey(k.trim())!])),
    logLevel: c.LOG_LEVEL,
    demo: {
      tenantId: c.DEMO_TENANT,
      seed: c.DEMO_SEED,
      teams: c.DEMO_TEAMS,
      sellersPerTeam: c.DEMO_SELLERS_PER_TEAM,
      activityScale: c.DEMO_ACTIVITY_SCALE,
      months: c.DEMO_MONTHS,
    },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    scorecardMemoryBytes: c.SCORECARD_MEMORY_MB * 1024 * 1024,
    webDistDir: path.resolve(cwd, c.WEB_DIST_DIR ?? path.join(__dirname, '../../../extensions/web/dist')),
    publicUrl: c.PUBLIC_URL ?? null,
    hubspot: {
      client: c.HUBSPOT_CLIENT_ID !== undefined && c.HUBSPOT_CLIENT_SECRET !== undefined ? { id: c.HUBSPOT_CLIENT_ID, secret: c.HUBSPOT_CLIENT_SECRET } : null,
      syncIntervalMs: c.HUBSPOT_SYNC_INTERVAL_MINUTES * 60_000,
      purgeGraceMs: c.HUBSPOT_PURGE_GRACE_DAYS * 86_400_000,
      demoPortalId: c.DEMO_HUBSPOT_PORTAL_ID ?? null,
      demoUsers: new Map((c.DEMO_HUBSPOT_USERS ?? '').split(',').filter((pair) => pair !== '').map((pair) => pair.split(':') as [string, string])),
    },
    salesforce: {
      client: c.SALESFORCE_CLIENT_ID !== undefined && c.SALESFORCE_CLIENT_SECRET !== undefined ? { id: c.SALESFORCE_CLIENT_ID, secret: c.SALESFORCE_CLIENT_SECRET } : null,
      syncIntervalMs: c.SALESFORCE_SYNC_INTERVAL_MINUTES * 60_000,
      purgeGraceMs: c.SALESFORCE_PURGE_GRACE_DAYS * 86_400_000,
    },
  };
}
