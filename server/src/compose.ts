import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createAnswerAudit, type AnswerAudit } from './auth/answer-audit';
import { defaultDefinition } from '@balanced-scorecard/shared';
import { createTokenCipher } from './auth/token-cipher';
import { createAnswerMirror } from './hubspot/answer-mirror';
import { createHubSpotAuthenticator, type PortalTenant } from './hubspot/hubspot-authenticator';
import { createHubSpotHttp } from './hubspot/hubspot-http';
import type { HubSpotInstallDeps } from './hubspot/oauth-routes';
import { createOAuthStateSigner } from './hubspot/oauth-state';
import { createHubSpotOAuthClient, createTokenProvider, type TokenProvider } from './hubspot/tokens';
import { createPlanStore } from './store/insight-plans';
import { createInstallationStore, type InstallationStore } from './store/installations';
import { createMirrorQueue } from './store/mirror-queue';
import type { Config } from './config/load-config';
import { AppError } from './errors/app-error';
import { DEMO_SOURCE } from './connectors/demo/demo-connector';
import { createConnectorRegistry, demoAnchor } from './connectors/registry';
import { createHubSpotConnector, createTenantHttp } from './connectors/hubspot/hubspot-connector';
import { createPortalLimiters } from './connectors/hubspot/rate-limit';
import { bootstrapDemoTenant, readDemoAnchor } from './demo/bootstrap-demo';
import type { AppDeps, HubSpotPortalDeps } from './http/app-deps';
import { createDemoAuthenticator, type Authenticator } from './http/authenticate';
import { createApp, type App } from './http/create-app';
import { createSubmissionLimit } from './http/submission-limit';
import { invalidateOnWrite } from './scorecards/invalidate-on-write';
import { createScorecardService, type ScorecardService } from './scorecards/scorecard-service';
import { createPgliteClient, createPostgresClient, type SqlClient } from './store/sql-client';
import { createStore, type Store } from './store/store';
import { createSyncSchedule, type SyncSchedule } from './sync/sync-schedule';
import { createSyncService, type SyncService } from './sync/sync-service';
import { createSalesforceConnector } from './connectors/salesforce/salesforce-connector';
import { createBearerTokens, createEmbedAuthenticator, createEmbedTickets } from './salesforce/embed';
import { createSalesforceOrgStore } from './salesforce/org-store';
import { deliverEmbedSecret } from './salesforce/org-setup';
import { openSalesforceClient, type ClientDeps } from './salesforce/salesforce-client';
import { SALESFORCE_CALLBACK_PATH } from './salesforce/connect-routes';
import { createSalesforceAnswerMirror } from './salesforce/answer-mirror';
import type { SalesforceDeps } from './http/app-deps';

export interface Service {
  app: App;
  store: Store;
  /** Connected CRM accounts and their sealed tokens. */
  installations: InstallationStore;
  /** Live HubSpot access tokens per tenant, when the service is a HubSpot app. */
  hubspotTokens: TokenProvider | null;
  /** Scheduled syncs of installed portals (started by the start command), when the service is a HubSpot app. */
  schedule: SyncSchedule | null;
  /** Scheduled syncs of connected orgs, when the service is a Salesforce app. */
  salesforceSchedule: SyncSchedule | null;
  answerAudit: AnswerAudit;
  sync: SyncService;
  scorecards: ScorecardService;
  logger: Logger;
  /** Demo mode: the demo tenant's users and definition, then its first sync (awaited by the caller or not). */
  prepareDemo(): Promise<{ sync: Promise<unknown> }>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  now?: () => Date;
  /** A ready SQL client (tests); otherwise DATABASE_URL or PGlite in DATA_DIR. */
  db?: SqlClient;
  syncHolder?: string;
}

export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<SqlClient> {
  return config.databaseUrl ? Promise.resolve(createPostgresClient(config.databaseUrl)) : createPgliteClient(path.join(config.dataDir, 'pglite'));
}

/** Only demo mode can ever authenticate by "view as": production gets the CRM authenticators only. */
function buildAuthenticators(config: Pick<Config, 'mode' | 'demo'>): Authenticator[] {
  return config.mode === 'demo' ? [createDemoAuthenticator(config.demo.tenantId)] : [];
}

/** How long this process remembers a portal's tenant or whether an org is connected before it looks again (an uninstall is seen within it). */
const INSTALLATION_CACHE_MS = 10_000;

/**
 * Answers looked up at most once per key in `ms` (installations: a request's tenant), so a burst of
 * calls reads the store once. `forget` drops entries at once, when this process learns they changed.
 */
function expiringLookup<V>(ms: number, clock: () => number, load: (key: string) => Promise<V>): { get(key: string): Promise<V>; forget(stale: (key: string, value: V) => boolean): void } {
  const cache = new Map<string, { at: number; value: V }>();
  return {
    async get(key) {
      const hit = cache.get(key);
      const age = hit ? clock() - hit.at : -1;
      if (hit && age >= 0 && age < ms) return hit.value;
      const value = await load(key);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { at: clock(), value });
      return value;
    },
    forget(stale) {
      for (const [key, entry] of cache) if (stale(key, entry.value)) cache.delete(key);
    },
  };
}

/**
 * The tenant of a signed request's portal: the demo tenant for the demo bridge portal (demo mode
 * only), otherwise the tenant that installed the app and has not uninstalled it.
 */
function portalResolver(config: Config, installations: InstallationStore, clock: () => number): { resolve(portalId: string): Promise<PortalTenant | null>; forgetTenant(tenantId: string): void } {
  const asIs = (userId: string) => userId;
  const portals = expiringLookup(INSTALLATION_CACHE_MS, clock, async (portalId): Promise<PortalTenant | null> => {
    const installation = await installations.findByAccount('hubspot', portalId);
    return installation?.status === 'installed' ? { tenantId: installation.tenantId, userIdFor: asIs } : null;
  });
  return {
    async resolve(portalId) {
      if (config.mode === 'demo' && config.hubspot.demoPortalId === portalId) {
        return { tenantId: config.demo.tenantId, userIdFor: (userId) => config.hubspot.demoUsers.get(userId) ?? userId };
      }
      return portals.get(portalId);
    },
    forgetTenant: (tenantId) => portals.forget((_portalId, tenant) => tenant?.tenantId === tenantId),
  };
}

export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const now = options.now ?? (() => new Date());
  const db = options.db ?? (await openDatabase(config));
  // Scorecards are cached per tenant data version; this process's own writes refresh it at once.
  let scorecardsRef: ScorecardService | null = null;
  // A sync page may be applied a moment later; every other write is a user's and is seen at once.
  const store = invalidateOnWrite(createStore(db), (tenantId, write) => scorecardsRef?.invalidate(tenantId, write !== 'savePage'));
  db.watchAvailability?.((event) => {
    if (event.up) logger.info({ failedStatements: event.failedStatements, downMs: event.downMs }, 'the store is reachable again');
    else logger.error({ err: event.error }, 'the store cannot be reached: serving scorecards held in memory, refusing writes');
  });
  const applied = await store.migrate();
  if (applied.length > 0) logger.info({ applied, engine: db.engine }, 'migrations applied');

  const scorecards = createScorecardService({
    store,
    now,
    memoryBudgetBytes: config.scorecardMemoryBytes,
    // Replicas on one PostgreSQL each read the version per request; the embedded store has one writer.
    versionCheck: db.engine === 'postgres' ? { mode: 'shared' } : { mode: 'local', ttlMs: 1000 },
    onError: (err, context) => logger.error({ err, context }, 'scorecards could not be brought up to date'),
  });
  scorecardsRef = scorecards;
  const answerAudit = createAnswerAudit({ store, now, onError: (err) => logger.error({ err }, 'answer reads could not be counted') });
  const cipher = createTokenCipher({ current: config.tokenKey, previous: config.previousTokenKeys });
  const installations = createInstallationStore(db, cipher);
  const authenticators = buildAuthenticators(config);
  let hubspotInstall: HubSpotInstallDeps | undefined;
  let hubspotTokens: TokenProvider | null = null;
  const hubspotClient = config.hubspot.client;
  if (hubspotClient && config.publicUrl) {
    const oauth = createHubSpotOAuthClient(createHubSpotHttp(), hubspotClient);
    const portals = portalResolver(config, installations, () => now().getTime());
    hubspotTokens = createTokenProvider({
      installations,
      oauth,
      now,
      purgeGraceMs: config.hubspot.purgeGraceMs,
      onUninstalled(tenantId) {
        portals.forgetTenant(tenantId);
        logger.warn({ tenantId }, 'HubSpot refused to refresh the token: the portal is marked uninstalled');
      },
    });
    hubspotInstall = {
      clientId: hubspotClient.id,
      publicUrl: config.publicUrl,
      states: createOAuthStateSigner(hubspotClient.secret),
      oauth,
      installations,
      async startFirstSync(tenantId) {
        // The answer properties are created at once (in the background), not at the first tick.
        schedule?.mirrorSoon(tenantId);
        try {
          await sync.trigger(tenantId);
        } catch (err) {
          logger.warn({ tenantId, err }, 'the first sync of the installed portal did not start');
        }
      },
    };
    authenticators.push(
      createHubSpotAuthenticator({
        clientSecret: hubspotClient.secret,
        publicUrl: config.publicUrl,
        acceptReceivedHost: config.mode === 'demo',
        now,
        portal: portals.resolve,
        // HubSpot's own identity parameters are not documented for certain: their names are logged once per portal.
        onFirstRequest: (portalId, parameterNames) => logger.info({ portalId, parameterNames }, 'first signed HubSpot request of this portal'),
      }),
    );
  }
  const anchors = new Map<string, string>();
  const limiters = createPortalLimiters();
  const tokens = hubspotTokens;
  const tenantHttp = (provider: TokenProvider, tenantId: string) =>
    createTenantHttp({ http: (beforeAttempt) => createHubSpotHttp({ beforeAttempt }), limiter: limiters.forPortal(tenantId), accessToken: () => provider.accessToken(tenantId) });
  // A tenant without a saved definition (a portal just installed) has the default one.
  const definitionOf = async (tenantId: string) => (await store.getDefinition(tenantId)) ?? defaultDefinition();
  const hubspotConnector = tokens
    ? (tenantId: string) =>
        createHubSpotConnector({
          http: tenantHttp(tokens, tenantId),
          now,
          currency: async () => (await definitionOf(tenantId)).currency,
          customerProperties: async () => (await installations.get(tenantId, 'hubspot'))?.customerProperties ?? null,
        })
    : null;
  const mirror = tokens
    ? createAnswerMirror({ queue: createMirrorQueue(db), installations, httpFor: (tenantId) => tenantHttp(tokens, tenantId), items: async (tenantId) => (await definitionOf(tenantId)).checkInItems, logger })
    : undefined;
  // Salesforce: the connect flow, the orgs' syncs and the record pages' embed sessions.
  let salesforce: SalesforceDeps | undefined;
  let salesforceClientDeps: ClientDeps | null = null;
  const sfClient = config.salesforce.client;
  if (sfClient && config.publicUrl) {
    const publicUrl = config.publicUrl;
    const orgs = createSalesforceOrgStore(db, cipher);
    // An embedded view makes several calls per page: whether its org is still connected is read once in a while.
    const orgsConnected = expiringLookup(INSTALLATION_CACHE_MS, () => now().getTime(), async (tenantId) => (await installations.get(tenantId, 'salesforce'))?.status === 'installed');
    const clientDeps: ClientDeps = {
      app: { clientId: sfClient.id, clientSecret: sfClient.secret, redirectUri: `${publicUrl}${SALESFORCE_CALLBACK_PATH}` },
      installations,
      orgs,
      now,
      purgeGraceMs: config.salesforce.purgeGraceMs,
      onDisconnected: (tenantId) => {
        orgsConnected.forget((key) => key === tenantId);
        logger.warn({ tenantId }, 'Salesforce refused to refresh the session: the org is marked disconnected');
      },
    };
    salesforceClientDeps = clientDeps;
    const bearer = createBearerTokens(sfClient.secret);
    authenticators.push(createEmbedAuthenticator({ bearer, now, connected: orgsConnected.get }));
    salesforce = {
      publicUrl,
      orgs,
      tickets: createEmbedTickets(orgs),
      bearer,
      connect: {
        app: clientDeps.app,
        async afterConnect(tenantId) {
          try {
            const org = await orgs.get(tenantId);
            const secret = await orgs.embedSecret(tenantId);
            if (org && secret) {
              const client = await openSalesforceClient(tenantId, clientDeps);
              // The tenant is named after the org, as its people know it.
              const named = (await client.query('SELECT Name FROM Organization').catch(() => null))?.records[0] as { Name?: unknown } | undefined;
              if (typeof named?.Name === 'string' && named.Name.trim() !== '') await store.setTenantName(tenantId, named.Name.trim().slice(0, 200));
              const outcome = await deliverEmbedSecret(client, org.orgId, secret, publicUrl);
              await orgs.setSecretState(tenantId, outcome);
              if (outcome.state === 'refused') logger.warn({ tenantId, reason: outcome.reason }, 'the embed secret could not be written to the org');
            }
            await sync.trigger(tenantId);
          } catch (err) {
            logger.warn({ tenantId, err }, 'the first sync of the connected org did not start');
          }
        },
      },
    };
  }
  const clientDepsOfOrgs = salesforceClientDeps;
  const salesforceConnector = clientDepsOfOrgs
    ? (tenantId: string) =>
        createSalesforceConnector({
          client: () => openSalesforceClient(tenantId, clientDepsOfOrgs),
          now,
          currency: async () => (await definitionOf(tenantId)).currency,
          customerFields: async () => (await installations.get(tenantId, 'salesforce'))?.customerProperties ?? null,
          onSlowDown: (usage) => logger.warn({ tenantId, used: usage.used, limit: usage.limit }, "the org is above 80 % of its daily API allocation: the sync slows down"),
        })
    : null;
  const registry = createConnectorRegistry(config, (tenantId) => anchors.get(tenantId) ?? demoAnchor(now()), hubspotConnector, salesforceConnector);
  const sync = createSyncService({ store, registry, logger, ...(options.syncHolder ? { holder: options.syncHolder } : {}) });
  const salesforceMirror = clientDepsOfOrgs
    ? createSalesforceAnswerMirror({ queue: createMirrorQueue(db), installations, client: (tenantId) => openSalesforceClient(tenantId, clientDepsOfOrgs), logger })
    : undefined;
  const salesforceSchedule = salesforce ? createSyncSchedule({ store, installations, sync, crm: 'salesforce', intervalMs: config.salesforce.syncIntervalMs, now, logger, ...(salesforceMirror ? { mirror: salesforceMirror } : {}) }) : null;
  if (salesforce) salesforce.mirrorSoon = (tenantId) => salesforceSchedule?.mirrorSoon(tenantId);
  const schedule = hubspotTokens ? createSyncSchedule({ store, installations, sync, crm: 'hubspot', intervalMs: config.hubspot.syncIntervalMs, now, logger, ...(mirror ? { mirror } : {}) }) : null;
  const hubspotPortal: HubSpotPortalDeps | undefined =
    tokens && mirror
      ? {
          http: (tenantId) => tenantHttp(tokens, tenantId),
          async createAnswerProperties(tenantId) {
            await installations.setPropertySetup(tenantId, 'hubspot', { state: 'pending' });
            await mirror.run(tenantId);
          },
        }
      : undefined;
  const deps: AppDeps = {
    config,
    store,
    installations,
    plans: createPlanStore(db),
    schedule,
    answerAudit,
    scorecards,
    submissions: createSubmissionLimit(),
    sync,
    logger,
    authenticators,
    now,
    ...(hubspotInstall ? { hubspotInstall } : {}),
    ...(hubspotPortal ? { hubspotPortal } : {}),
    ...(salesforce ? { salesforce } : {}),
  };
  const app = createApp(deps);

  return {
    app,
    store,
    installations,
    hubspotTokens,
    schedule,
    salesforceSchedule,
    answerAudit,
    sync,
    scorecards,
    logger,
    async prepareDemo() {
      const tenantId = config.demo.tenantId;
      // Demo data is never merged into a tenant that holds data from a real CRM or an import.
      const real = (await store.listSources(tenantId)).filter((source) => source !== DEMO_SOURCE);
      if (real.length > 0) {
        throw new AppError('config_invalid', `DEMO_TENANT "${tenantId}" names a tenant with data from ${real.join(', ')}: demo data is never added to it. Set DEMO_TENANT to another name, or use MODE=production.`);
      }
      await store.ensureTenant(tenantId, 'Demo company');
      const anchor = (await readDemoAnchor(store, tenantId)) ?? demoAnchor(now());
      anchors.set(tenantId, anchor);
      await bootstrapDemoTenant(store, config.demo, anchor);
      let lastLog = 0;
      const job = sync.syncNow(tenantId, (p) => {
        if (p.records - lastLog >= 20_000 || (p.total !== null && p.records === p.total)) {
          lastLog = p.records;
          logger.info({ tenantId, records: p.records, total: p.total, kind: p.kind }, 'demo sync progress');
        }
      });
      // Load and compute once the data is in, so the first visitor does not wait for it.
      const warmed = job
        .then(() => scorecards.refresh(tenantId))
        .then(() => scorecards.run(tenantId))
        .then(() => logger.info({ tenantId }, 'demo scorecards ready'));
      warmed.catch((err: unknown) => logger.error({ err }, 'demo sync failed'));
      return { sync: warmed };
    },
    async close() {
      schedule?.stop();
      salesforceSchedule?.stop();
      await sync.drain();
      await answerAudit.close();
      await store.close();
    },
  };
}
