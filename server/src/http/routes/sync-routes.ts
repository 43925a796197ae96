import { EmptyQuerySchema, SyncStatusResponseSchema, SyncTriggerResponseSchema, type SyncStatusResponse } from '@balanced-scorecard/shared';
import { defineRoute } from '../route';

export const syncRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/sync/status',
    summary: 'Record counts, the last sync runs and whether one is running (admins)',
    tag: 'sync',
    policy: 'admin',
    query: EmptyQuerySchema,
    response: SyncStatusResponseSchema,
    errors: ['forbidden'],
    async handler({ access: a, deps }): Promise<SyncStatusResponse> {
      const [counts, runs, installation] = await Promise.all([deps.store.countRecords(a.tenantId), deps.store.listSyncRuns(a.tenantId, 10), deps.installations.get(a.tenantId, 'hubspot')]);
      const lastSuccess = runs.find((r) => r.status === 'succeeded') ?? null;
      const latest = runs[0] ?? null;
      const nextRunAt = installation && deps.schedule ? await deps.schedule.nextRunAt(a.tenantId) : null;
      return {
        running: deps.sync.isRunning(a.tenantId) || runs.some((r) => r.status === 'running'),
        connector: deps.sync.connectorName(a.tenantId),
        installation: installation && {
          crm: installation.crm,
          accountId: installation.accountId,
          status: installation.status,
          installedAt: installation.installedAt.toISOString(),
          lastSuccessAt: lastSuccess?.finishedAt ?? null,
          lastError: latest?.status === 'failed' ? latest.error : installation.lastError,
          nextRunAt: nextRunAt?.toISOString() ?? null,
          uninstalledAt: installation.uninstalledAt?.toISOString() ?? null,
          purgeAfter: installation.purgeAfter?.toISOString() ?? null,
          answerProperties: installation.properties,
          answerPropertiesReason: installation.propertiesReason,
        },
        counts,
        runs,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/sync',
    summary: 'Start a sync of the tenant now (admins); 409 when one is already running anywhere',
    tag: 'sync',
    policy: 'admin',
    query: EmptyQuerySchema,
    response: SyncTriggerResponseSchema,
    status: 202,
    errors: ['forbidden', 'sync_in_progress', 'not_found'],
    async handler({ access: a, deps }) {
      const { connector } = await deps.sync.trigger(a.tenantId);
      return { accepted: true as const, connector };
    },
  }),
];
