import {
  DefinitionResponseSchema,
  DefinitionUpdateSchema,
  EmptyQuerySchema,
  findWillWarnings,
  own,
  PrivacyUpdateSchema,
  ScorecardDefinitionSchema,
  SellerParamsSchema,
  TargetsUpdateSchema,
  type DefinitionResponse,
  type ScorecardDefinition,
  type WillWarning,
  withoutAnswers,
} from '@balanced-scorecard/shared';
import { answerAccess, type Access } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import { toIssues } from '../../errors/zod-issues';
import type { AppDeps } from '../app-deps';
import { defineRoute } from '../route';

/** Saves a new definition version and answers with the will guard-rail's warnings (DESIGN §5). */
async function saveWithGuardRail(deps: AppDeps, a: Access, before: ScorecardDefinition, after: ScorecardDefinition, baseVersion: number): Promise<DefinitionResponse> {
  const { run, data } = await deps.scorecards.run(a.tenantId);
  const sellers = data.records.sellers.filter((s) => s.active);
  const found = findWillWarnings(before, after, sellers, run.sellers);
  const saved = await deps.store.saveDefinition(a.tenantId, after, a.userId, baseVersion);
  // A warning carries an answer only to a viewer who may read it, and that read is audited.
  const warnings: WillWarning[] = [];
  for (const warning of found) {
    const mode = answerAccess(a, warning.sellerId, data.tenant.willVisibility);
    if (mode === 'hidden') {
      warnings.push(withoutAnswers(warning, after.indicators.find((i) => i.id === warning.indicatorId)?.label ?? warning.indicatorId));
      continue;
    }
    if (mode === 'audited') await deps.answerAudit.record(a.tenantId, { actorUserId: a.userId, sellerId: warning.sellerId, periodKey: run.period.key });
    warnings.push(warning);
  }
  return { definition: saved, warnings };
}

export const definitionRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/definition',
    summary: 'The scorecard definition in force: indicators, targets, weights, thresholds, check-in items',
    tag: 'definition',
    policy: 'signedIn',
    query: EmptyQuerySchema,
    response: DefinitionResponseSchema,
    async handler({ access: a, deps }) {
      const data = await deps.scorecards.data(a.tenantId);
      return { definition: data.definition, warnings: [] };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/definition',
    summary: 'Replace the definition (admins); answers with warnings when activity targets rise for sellers with low will',
    tag: 'definition',
    policy: 'admin',
    query: EmptyQuerySchema,
    body: DefinitionUpdateSchema,
    response: DefinitionResponseSchema,
    errors: ['validation_failed', 'forbidden', 'conflict'],
    async handler({ access: a, deps, body }) {
      const data = await deps.scorecards.data(a.tenantId);
      return saveWithGuardRail(deps, a, data.definition, body.definition, body.baseVersion);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/sellers/:sellerId/targets',
    summary: "Set or clear one seller's own targets (their manager or an admin); warns on low will",
    tag: 'definition',
    policy: 'sellerManager',
    params: SellerParamsSchema,
    query: EmptyQuerySchema,
    body: TargetsUpdateSchema,
    response: DefinitionResponseSchema,
    errors: ['validation_failed', 'forbidden', 'not_found', 'conflict'],
    async handler({ access: a, deps, params, body }) {
      const data = await deps.scorecards.data(a.tenantId);
      if (!data.sellersById.has(params.sellerId)) throw new AppError('not_found', `No seller "${params.sellerId}"`);
      const before = data.definition;
      const unknown = Object.keys(body.targets).filter((id) => !before.indicators.some((i) => i.id === id));
      if (unknown.length > 0) {
        throw new AppError('validation_failed', 'Unknown indicators', { issues: unknown.map((id) => ({ path: `body.targets.${id}`, message: 'no such indicator' })) });
      }
      const indicators = before.indicators.map((ind) => {
        if (!Object.hasOwn(body.targets, ind.id)) return ind;
        const value = own(body.targets, ind.id);
        // Rebuilt from entries: an id is data, whatever its name ("constructor", "__proto__").
        const others = Object.entries(ind.target.sellers).filter(([id]) => id !== params.sellerId);
        const sellers = Object.fromEntries(value === null || value === undefined ? others : [...others, [params.sellerId, value]]);
        return { ...ind, target: { ...ind.target, sellers } };
      });
      const parsed = ScorecardDefinitionSchema.safeParse({ ...before, indicators });
      if (!parsed.success) throw new AppError('validation_failed', 'The targets do not fit the definition', { issues: toIssues(parsed.error, 'definition') });
      return saveWithGuardRail(deps, a, before, parsed.data, before.version);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/settings/privacy',
    summary: 'Who sees individual check-in answers besides the seller: their managers, or aggregates only (admins)',
    tag: 'definition',
    policy: 'admin',
    query: EmptyQuerySchema,
    body: PrivacyUpdateSchema,
    response: PrivacyUpdateSchema,
    errors: ['validation_failed', 'forbidden'],
    async handler({ access: a, deps, body }) {
      await deps.store.setWillVisibility(a.tenantId, body.willVisibility);
      return { willVisibility: body.willVisibility };
    },
  }),
];

