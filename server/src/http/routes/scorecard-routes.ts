import {
  defaultPeriod,
  EmptyQuerySchema,
  MeResponseSchema,
  periodContaining,
  periodName,
  periodFromKey,
  periodsEndingWith,
  PeriodListQuerySchema,
  PeriodListResponseSchema,
  recentPeriods,
  type PeriodListResponse,
  ScorecardQuerySchema,
  SellerParamsSchema,
  SellerScorecardResponseSchema,
  TeamListResponseSchema,
  TeamParamsSchema,
  TeamScorecardsResponseSchema,
  TeamTrendResponseSchema,
  TREND_LENGTH,
  type MeResponse,
  type PeriodKind,
  type ScorecardQuery,
  type SellerScorecard,
  type SellerScorecardResponse,
  type SellerSummary,
  type Status,
  type TeamScorecardsResponse,
  type TeamTrendPoint,
  type TeamTrendResponse,
} from '@balanced-scorecard/shared';
import { answerAccess, canReadTeam, type Access } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import type { TenantData } from '../../scorecards/scorecard-service';
import type { AppDeps } from '../app-deps';
import { defineRoute, RawJson } from '../route';

/** Runs the engine for a period (a bad period key is an invalid_period error, mapped at the edge). */
function runFor(deps: AppDeps, tenantId: string, query: ScorecardQuery) {
  return deps.scorecards.run(tenantId, query.period as PeriodKind | undefined, query.key);
}

function summarise(card: SellerScorecard): SellerSummary {
  const statusCounts: Record<Status, number> = { green: 0, amber: 0, red: 0, grey: 0 };
  for (const i of card.indicators) statusCounts[i.status]++;
  return {
    sellerId: card.sellerId,
    name: card.name,
    levels: card.levels,
    balanceIndex: card.balanceIndex,
    weightedAverage: card.weightedAverage,
    withheldLevels: card.withheldLevels,
    standings: card.standings,
    statusCounts,
  };
}

/** One view for a whole team: without answers when the viewer may not read any member's (DESIGN §7). */
function teamAnswersHidden(a: Access, data: TenantData, sellerIds: readonly string[]): boolean {
  return data.answerIndicatorIds.size > 0 && sellerIds.some((id) => answerAccess(a, id, data.tenant.willVisibility) === 'hidden');
}

/** A team's run of a period, the team in it, and whether the viewer's view of it is without answers. */
async function teamRunFor(deps: AppDeps, a: Access, teamId: string, query: ScorecardQuery) {
  const { run, data } = await runFor(deps, a.tenantId, query);
  const team = run.teams.find((t) => t.teamId === teamId);
  if (!team) throw new AppError('not_found', `No team "${teamId}"`);
  return { run, data, team, hidden: teamAnswersHidden(a, data, team.sellerIds) };
}

/** The check-in items as a UI shows them (MeResponse, the record card). */
export function checkInItemsOf(data: TenantData): MeResponse['checkInItems'] {
  return data.definition.checkInItems.map(({ id, level, label, statement }) => ({ id, level, label, statement }));
}

/** The period a check-in given now is for: the running one of the tenant's cadence. */
export function checkInKeyOf(data: TenantData, now: Date): string {
  return periodContaining(data.definition.checkInCadence, now.getTime(), data.calendar).key;
}

/**
 * One seller's scorecard as this viewer may see it: computed without answers they may not read,
 * each read of answers they may read recorded (DESIGN §7). The body is kept with the card.
 */
export async function sellerScorecardView(deps: AppDeps, a: Access, sellerId: string, query: ScorecardQuery): Promise<RawJson> {
  const { run, data } = await runFor(deps, a.tenantId, query);
  const answerIds = data.answerIndicatorIds;
  const mode = answerAccess(a, sellerId, data.tenant.willVisibility);
  const hidden = mode === 'hidden' && answerIds.size > 0;
  // A viewer who may not read the answers gets the card computed without them.
  const shown = hidden ? await deps.scorecards.withoutAnswers(run) : run;
  const card = deps.scorecards.sellerCard(shown, sellerId);
  if (!card) throw new AppError('not_found', `No active seller "${sellerId}"`);
  if (mode === 'audited' && answerIds.size > 0) await deps.answerAudit.record(a.tenantId, { actorUserId: a.userId, sellerId, periodKey: run.period.key });
  const recorded = mode === 'audited' && answerIds.size > 0;
  const body = (): SellerScorecardResponse => ({ scorecard: card, currency: run.currency, locale: run.locale, answersHidden: hidden, answersRecorded: recorded });
  // Kept with the card: a write that did not change this card keeps its body too.
  return new RawJson(deps.scorecards.cachedJson(card, `seller:${run.currency}:${run.locale}:${hidden}:${recorded}`, body));
}

/** How many periods of each kind a picker offers: a quarter of weeks, a year of months, two years of quarters. */
const PERIODS_OFFERED = { week: 13, month: 12, quarter: 8 } as const;

export const scorecardRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me',
    summary: 'Who the caller is, their roles, and the tenant settings a UI needs',
    tag: 'scorecards',
    policy: 'signedIn',
    query: EmptyQuerySchema,
    response: MeResponseSchema,
    async handler({ access: a, deps }): Promise<MeResponse> {
      const data = await deps.scorecards.data(a.tenantId);
      const checkInKey = checkInKeyOf(data, deps.now());
      return {
        tenantId: a.tenantId,
        tenantName: data.tenant.name,
        userId: a.userId,
        name: a.name,
        roles: a.roles,
        sellerId: a.sellerId,
        managedTeamIds: [...a.managedTeamIds],
        mode: deps.config.mode,
        willVisibility: data.tenant.willVisibility,
        checkInItems: checkInItemsOf(data),
        currency: data.definition.currency,
        locale: data.definition.locale,
        defaultPeriod: data.definition.defaultPeriod,
        checkInPeriod: { key: checkInKey, name: periodName(checkInKey, data.definition.locale) },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/periods',
    summary: 'The periods a scorecard can show (the running one and earlier ones, by name) and the one it opens on',
    tag: 'scorecards',
    policy: 'signedIn',
    query: PeriodListQuerySchema,
    response: PeriodListResponseSchema,
    async handler({ access: a, deps, query }): Promise<PeriodListResponse> {
      const data = await deps.scorecards.data(a.tenantId);
      const kind = query.period ?? data.definition.defaultPeriod;
      const nowMs = deps.now().getTime();
      const spans = recentPeriods(kind, nowMs, PERIODS_OFFERED[kind], data.calendar);
      return {
        kind,
        defaultKey: defaultPeriod(kind, nowMs, data.calendar).key,
        periods: spans.map((span, i) => ({ key: span.key, name: periodName(span.key, data.definition.locale), running: i === 0, complete: i > 0 })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams',
    summary: 'The teams the caller may review',
    tag: 'scorecards',
    policy: 'signedIn',
    query: EmptyQuerySchema,
    response: TeamListResponseSchema,
    async handler({ access: a, deps }) {
      const data = await deps.scorecards.data(a.tenantId);
      const teams = data.records.teams.filter((t) => canReadTeam(a, t.id));
      return {
        teams: teams.map((t) => ({ teamId: t.id, name: t.name, sellerCount: data.records.sellers.filter((s) => s.active && s.teamIds.includes(t.id)).length })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/sellers/:sellerId/scorecard',
    summary: "One seller's scorecard: four levels, balance index, every indicator with its trend",
    tag: 'scorecards',
    policy: 'sellerReader',
    params: SellerParamsSchema,
    query: ScorecardQuerySchema,
    response: SellerScorecardResponseSchema,
    errors: ['invalid_period', 'forbidden', 'not_found'],
    handler: ({ access: a, deps, params, query }) => sellerScorecardView(deps, a, params.sellerId, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/scorecards',
    summary: "A team's sellers × the four levels, with balance index, medians, ranks and percentiles",
    tag: 'scorecards',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: ScorecardQuerySchema,
    response: TeamScorecardsResponseSchema,
    errors: ['invalid_period', 'forbidden', 'not_found'],
    async handler({ access: a, deps, params, query }): Promise<TeamScorecardsResponse> {
      const { run: full, hidden } = await teamRunFor(deps, a, params.teamId, query);
      const run = hidden ? await deps.scorecards.withoutAnswers(full) : full;
      const team = run.teams.find((t) => t.teamId === params.teamId)!;
      const members = new Set(team.sellerIds);
      return {
        team,
        period: run.period,
        currency: run.currency,
        locale: run.locale,
        sellers: run.sellers.filter((s) => members.has(s.sellerId)).map(summarise),
        answersHidden: hidden,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/trend',
    summary: "A team's median per level and balance index over the periods ending with the one asked for",
    tag: 'scorecards',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: ScorecardQuerySchema,
    response: TeamTrendResponseSchema,
    errors: ['invalid_period', 'forbidden', 'not_found'],
    async handler({ access: a, deps, params, query }): Promise<TeamTrendResponse> {
      const { run: selected, data, team, hidden } = await teamRunFor(deps, a, params.teamId, query);
      const spans = periodsEndingWith(periodFromKey(selected.period.key, data.calendar)!, TREND_LENGTH, data.calendar);
      const points: TeamTrendPoint[] = [];
      for (const span of spans) {
        // Each period is the run every other view of it reads (cached the same way).
        const full = span.key === selected.period.key ? selected : (await deps.scorecards.run(a.tenantId, selected.period.kind, span.key)).run;
        const run = hidden ? await deps.scorecards.withoutAnswers(full) : full;
        const medians = run.teams.find((t) => t.teamId === params.teamId)!.medians;
        points.push({ periodKey: span.key, name: periodName(span.key, data.definition.locale), running: run.period.running, medians });
      }
      return { teamId: team.teamId, name: team.name, locale: selected.locale, points, answersHidden: hidden };
    },
  }),
];
