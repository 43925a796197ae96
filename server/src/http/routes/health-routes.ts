import { EmptyQuerySchema, HealthResponseSchema, ReadyResponseSchema } from '@balanced-scorecard/shared';
import { AppError } from '../../errors/app-error';
import { defineRoute } from '../route';

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tag: 'health',
    policy: 'public',
    query: EmptyQuerySchema,
    response: HealthResponseSchema,
    async handler() {
      return { status: 'ok' as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the store answers and every migration is applied (503 otherwise)',
    tag: 'health',
    policy: 'public',
    query: EmptyQuerySchema,
    response: ReadyResponseSchema,
    errors: ['not_ready'],
    async handler({ deps }) {
      const ready = await deps.store.ready();
      const ok = ready.reachable && ready.pendingMigrations.length === 0;
      if (!ok) {
        throw new AppError('not_ready', ready.reachable ? `Migrations pending: ${ready.pendingMigrations.join(', ')}` : 'The store does not answer');
      }
      const loading = deps.scorecards.status().filter((t) => t.state === 'loading');
      return {
        status: 'ready' as const,
        store: deps.store.engine,
        pendingMigrations: [],
        loading: {
          tenants: loading.length,
          sellersLoaded: loading.reduce((n, t) => n + t.sellersLoaded, 0),
          sellersTotal: loading.reduce((n, t) => n + t.sellersTotal, 0),
        },
      };
    },
  }),
];
