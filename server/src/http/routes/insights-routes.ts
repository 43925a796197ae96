import {
  ALL_SELLERS_TEAM,
  DEFAULT_WINDOW_MONTHS,
  EmptyQuerySchema,
  PlanListResponseSchema,
  PlanParamsSchema,
  SavedPlanResponseSchema,
  SavedPlanSummarySchema,
  SellerFocusResponseSchema,
  SellerParamsSchema,
  TeamInsightsResponseSchema,
  TeamParamsSchema,
  candidateValuesByMonth,
  lastCompletePeriod,
  periodsEndingWith,
  progressOf,
  runInsights,
  type Candidate,
  type Finding,
  type InsightsReport,
  type SellerFocusResponse,
  type TeamInsightsResponse,
  type TrainingPlan,
} from '@balanced-scorecard/shared';
import { answerAccess, type Access } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import type { TenantData } from '../../scorecards/scorecard-service';
import type { AppDeps } from '../app-deps';
import { defineRoute } from '../route';

/** How far a saved plan is followed up: the months after it, at most a year. */
const FOLLOW_UP_MONTHS = 12;

/** What a saved plan keeps: enough to show it and to follow it up whatever the definition becomes. */
interface PlanBody {
  window: InsightsReport['window'];
  topGroup: string[];
  findings: Finding[];
  plan: TrainingPlan;
  candidates: Candidate[];
  checkInItemsLeftOut: boolean;
}

const lastCompleteMonth = (data: TenantData, nowMs: number) => lastCompletePeriod('month', nowMs, data.calendar);

/**
 * The team's insights for this viewer (ALL_SELLERS_TEAM: every active seller, for admins: the
 * teamReader policy lets no manager read a team they do not manage). The check-in items are left out unless the viewer may
 * read every analysed seller's answers (DESIGN §7); a manager who may is counted as reading
 * the answers of each seller the plan shows one for.
 */
async function teamInsights(deps: AppDeps, a: Access, teamId: string): Promise<{ report: InsightsReport; data: TenantData; hidden: boolean }> {
  const data = await deps.scorecards.data(a.tenantId);
  const all = teamId === ALL_SELLERS_TEAM;
  if (!all && !data.teamsById.has(teamId)) throw new AppError('not_found', `No team "${teamId}"`);
  const sellers = data.records.sellers.filter((s) => s.active && (all || s.teamIds.includes(teamId)));
  const hidden = sellers.some((s) => answerAccess(a, s.id, data.tenant.willVisibility) === 'hidden');
  const report = runInsights({ definition: data.definition, sellers, index: data.index, now: deps.now().getTime(), windowMonths: DEFAULT_WINDOW_MONTHS, excludeCheckInItems: hidden });
  if (!hidden && report.plan) {
    for (const s of report.plan.sellers) {
      const fromAnswers = s.lowWill || s.focus.some((f) => f.kind === 'skill');
      if (fromAnswers && answerAccess(a, s.sellerId, data.tenant.willVisibility) === 'audited') {
        await deps.answerAudit.record(a.tenantId, { actorUserId: a.userId, sellerId: s.sellerId, periodKey: report.window.periods.at(-1)! });
      }
    }
  }
  return { report, data, hidden };
}

const namesOf = (data: TenantData, ids: Iterable<string>) => Object.fromEntries([...new Set(ids)].map((id) => [id, data.sellersById.get(id)?.name ?? id]));

/** A saved plan as a viewer who may not read some sellers' answers sees it: nothing there derived from an answer. */
function redact(plan: TrainingPlan, hiddenFor: (sellerId: string) => boolean): TrainingPlan {
  const answerItems = new Set(plan.items.filter((i) => i.kind === 'skill').map((i) => i.itemId));
  return {
    ...plan,
    items: plan.items.map((i) => (i.kind === 'skill' ? { ...i, sellerIds: i.sellerIds.filter((id) => !hiddenFor(id)) } : i)),
    gaps: plan.gaps.filter((g) => !(answerItems.has(g.itemId) && hiddenFor(g.sellerId))),
    sellers: plan.sellers.map((s) => (hiddenFor(s.sellerId) ? { ...s, lowWill: false, focus: s.focus.filter((f) => f.kind === 'behaviour') } : s)),
  };
}

/** Each focus item's value in the months after the plan's, against its baseline. */
function followUpOf(deps: AppDeps, data: TenantData, body: PlanBody, plan: TrainingPlan, sellerIds: readonly string[]) {
  const nowMs = deps.now().getTime();
  const last = lastCompleteMonth(data, nowMs);
  const planEnd = body.window.periods.at(-1)!;
  const later = periodsEndingWith(last, FOLLOW_UP_MONTHS, data.calendar).filter((p) => p.key > planEnd);
  const out: { sellerId: string; itemId: string; baseline: number; benchmark: number; months: { periodKey: string; value: number | null; closed: number | null }[] }[] = [];
  for (const sellerId of sellerIds) {
    const own = plan.sellers.find((s) => s.sellerId === sellerId);
    const seller = data.sellersById.get(sellerId);
    if (!own || !seller) continue;
    const items = own.focus.filter((f) => f.baseline !== undefined && f.benchmark !== undefined);
    const candidates = items.map((f) => body.candidates.find((c) => c.id === f.itemId)).filter((c): c is Candidate => c !== undefined);
    const byMonth = later.length === 0 || candidates.length === 0 ? null : candidateValuesByMonth(data.definition, candidates, seller, data.index.get(sellerId), nowMs, last.key, later.length);
    for (const f of items) {
      const values = byMonth?.values[f.itemId] ?? [];
      out.push({
        sellerId,
        itemId: f.itemId,
        baseline: f.baseline!,
        benchmark: f.benchmark!,
        months: (byMonth?.periods ?? []).map((periodKey, m) => ({ periodKey, ...progressOf({ baseline: f.baseline!, benchmark: f.benchmark! }, values[m] ?? null) })),
      });
    }
  }
  return out;
}

/** A seller's focus items from the newest plan that names them, followed up, as this viewer may see them. */
export async function sellerFocus(deps: AppDeps, a: Access, sellerId: string): Promise<SellerFocusResponse> {
  const data = await deps.scorecards.data(a.tenantId);
  const saved = await deps.plans.latestForSeller(a.tenantId, sellerId);
  const empty = { sellerId, plan: null, lowWill: false, focus: [], currency: data.definition.currency, locale: data.definition.locale };
  if (!saved) return empty;
  const body = saved.body as PlanBody;
  const hiddenFor = (id: string) => answerAccess(a, id, data.tenant.willVisibility) === 'hidden';
  const training = redact(body.plan, hiddenFor);
  const own = training.sellers.find((s) => s.sellerId === sellerId);
  if (!own) return empty;
  const followUp = followUpOf(deps, data, body, training, [sellerId]);
  const { body: _body, ...plan } = saved;
  return {
    ...empty,
    plan,
    lowWill: own.lowWill,
    focus: own.focus.map((f) => {
      const finding = body.findings.find((x) => x.candidateId === f.itemId);
      return { ...f, unit: finding?.unit ?? null, perWorkingDay: finding?.perWorkingDay ?? false, months: followUp.find((u) => u.itemId === f.itemId)?.months ?? [] };
    }),
  };
}

export const insightsRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/insights',
    summary: "What the team's top sellers do differently, who learns what, and data-quality flags, over the last six complete months",
    tag: 'insights',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: EmptyQuerySchema,
    response: TeamInsightsResponseSchema,
    errors: ['forbidden', 'not_found'],
    async handler({ access: a, deps, params }): Promise<TeamInsightsResponse> {
      const { report, data, hidden } = await teamInsights(deps, a, params.teamId);
      return {
        teamId: params.teamId,
        status: report.status,
        message: report.message,
        window: report.window,
        sellers: report.sellers,
        names: namesOf(data, report.sellerValues.map((s) => s.sellerId)),
        topGroup: report.topGroup,
        permutations: report.permutations,
        findings: report.findings,
        plan: report.plan,
        flags: report.flags,
        checkInItemsLeftOut: hidden,
        currency: data.definition.currency,
        locale: data.definition.locale,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/teams/:teamId/plans',
    summary: "Save the team's training plan as it stands, with each focus item's baseline, to follow it up in later months",
    tag: 'insights',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: EmptyQuerySchema,
    response: SavedPlanSummarySchema,
    status: 201,
    errors: ['forbidden', 'not_found', 'insufficient_data'],
    async handler({ access: a, deps, params }) {
      const { report, hidden } = await teamInsights(deps, a, params.teamId);
      if (report.status !== 'ok' || !report.plan) throw new AppError('insufficient_data', report.message ?? 'There is no plan to save yet');
      const body: PlanBody = { window: report.window, topGroup: report.topGroup, findings: report.findings, plan: report.plan, candidates: report.candidates, checkInItemsLeftOut: hidden };
      const saved = await deps.plans.save(a.tenantId, { teamId: params.teamId, periodKey: report.window.periods.at(-1)!, createdBy: a.userId, body });
      await deps.store.writeAudit(a.tenantId, { actorUserId: a.userId, action: 'plan.saved', sellerId: null, detail: { teamId: params.teamId, planId: saved.planId } });
      const { body: _body, ...summary } = saved;
      return summary;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/plans',
    summary: "The team's saved training plans, newest first",
    tag: 'insights',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: EmptyQuerySchema,
    response: PlanListResponseSchema,
    errors: ['forbidden'],
    async handler({ access: a, deps, params }) {
      return { plans: await deps.plans.list(a.tenantId, params.teamId, 50) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/plans/:planId',
    summary: 'One saved training plan, each focus item followed up month by month against its baseline',
    tag: 'insights',
    policy: 'teamReader',
    params: PlanParamsSchema,
    query: EmptyQuerySchema,
    response: SavedPlanResponseSchema,
    errors: ['forbidden', 'not_found'],
    async handler({ access: a, deps, params }) {
      const saved = await deps.plans.get(a.tenantId, params.planId);
      if (!saved || saved.teamId !== params.teamId) throw new AppError('not_found', `No plan "${params.planId}" for team "${params.teamId}"`);
      const data = await deps.scorecards.data(a.tenantId);
      const body = saved.body as PlanBody;
      const hiddenFor = (sellerId: string) => answerAccess(a, sellerId, data.tenant.willVisibility) === 'hidden';
      const training = redact(body.plan, hiddenFor);
      const { body: _body, ...plan } = saved;
      // The top and rest medians of an answer are not shown to a viewer who may not read some of those answers.
      const anyHidden = training.sellers.some((s) => hiddenFor(s.sellerId));
      const fromAnswers = (f: Finding) => body.candidates.find((c) => c.id === f.candidateId)?.checkInItemId != null;
      return {
        plan,
        training,
        findings: anyHidden ? body.findings.filter((f) => !fromAnswers(f)) : body.findings,
        followUp: followUpOf(deps, data, body, training, training.sellers.map((s) => s.sellerId)),
        names: namesOf(data, training.sellers.map((s) => s.sellerId)),
        currency: data.definition.currency,
        locale: data.definition.locale,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/sellers/:sellerId/focus',
    summary: "A seller's one or two focus items from the newest training plan that names them, each followed up since its baseline",
    tag: 'insights',
    policy: 'sellerReader',
    params: SellerParamsSchema,
    query: EmptyQuerySchema,
    response: SellerFocusResponseSchema,
    errors: ['forbidden'],
    handler: ({ access: a, deps, params }) => sellerFocus(deps, a, params.sellerId),
  }),
];
