import type { Logger } from 'pino';
import type { AnswerAudit } from '../auth/answer-audit';
import type { Config } from '../config/load-config';
import type { ScorecardService } from '../scorecards/scorecard-service';
import type { InsightPlanStore } from '../store/insight-plans';
import type { InstallationStore } from '../store/installations';
import type { Store } from '../store/store';
import type { SyncSchedule } from '../sync/sync-schedule';
import type { SyncService } from '../sync/sync-service';
import type { HubSpotHttp } from '../hubspot/hubspot-http';
import type { HubSpotInstallDeps } from '../hubspot/oauth-routes';
import type { BearerTokens, EmbedTickets } from '../salesforce/embed';
import type { SalesforceOrgStore } from '../salesforce/org-store';
import type { SalesforceConnectDeps } from '../salesforce/connect-routes';
import type { Authenticator } from './authenticate';
import type { SubmissionLimit } from './submission-limit';

/** Everything createApp needs, passed in: tests hand over real stores and fakes alike. */
export interface AppDeps {
  config: Pick<Config, 'mode' | 'demo' | 'webDistDir'>;
  store: Store;
  /** Connected CRM accounts (their tokens stay sealed here). */
  installations: InstallationStore;
  /** Saved training plans. */
  plans: InsightPlanStore;
  /** Scheduled syncs, when a CRM app is configured. */
  schedule: SyncSchedule | null;
  /** Reads of individual check-in answers, counted per viewer, seller, period and day. */
  answerAudit: AnswerAudit;
  scorecards: ScorecardService;
  /** How often a user may submit a check-in. */
  submissions: SubmissionLimit;
  sync: SyncService;
  logger: Logger;
  authenticators: readonly Authenticator[];
  now: () => Date;
  /** The HubSpot install flow, when the service is configured as a HubSpot app. */
  hubspotInstall?: HubSpotInstallDeps;
  /** Calls to an installed portal on its admin's behalf (the settings page), when the service is a HubSpot app. */
  hubspotPortal?: HubSpotPortalDeps;
  /** The Salesforce connect flow and the record pages' embed sessions, when the service is configured for Salesforce. */
  salesforce?: SalesforceDeps;
}

export interface SalesforceDeps {
  publicUrl: string;
  orgs: SalesforceOrgStore;
  tickets: EmbedTickets;
  bearer: BearerTokens;
  connect: SalesforceConnectDeps;
  /** Mirrors waiting check-in answers to the org's User fields soon (in the background). */
  mirrorSoon?: (tenantId: string) => void;
}

export interface HubSpotPortalDeps {
  /** The tenant's requests to its portal: its token added, its portal's limits kept. */
  http(tenantId: string): Pick<HubSpotHttp, 'request'>;
  /** Tries to create the answer properties now (again after a refusal), and mirrors what waits. */
  createAnswerProperties(tenantId: string): Promise<void>;
}
