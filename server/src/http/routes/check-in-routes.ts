import {
  CheckInHistoryResponseSchema,
  CheckInSubmitSchema,
  CheckInSummaryResponseSchema,
  CheckInResponseSchema,
  checkInPeriod,
  EmptyQuerySchema,
  ScorecardQuerySchema,
  SellerParamsSchema,
  TeamParamsSchema,
  type CheckIn,
  own,
} from '@balanced-scorecard/shared';
import { AGGREGATE_MINIMUM, answerAccess } from '../../auth/access';
import { AppError, type ErrorIssue } from '../../errors/app-error';
import { defineRoute } from '../route';
import { checkInKeyOf } from './scorecard-routes';


const toEntry = (c: CheckIn) => ({ sellerId: c.sellerId, periodKey: c.periodKey, by: c.by, answers: c.answers, note: c.note, at: c.at });

export const checkInRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/sellers/:sellerId/check-ins',
    summary: "Submit a check-in: the seller's own (every item, 1–5) or their manager's assessment",
    tag: 'check-ins',
    policy: 'sellerOrTheirManager',
    params: SellerParamsSchema,
    query: EmptyQuerySchema,
    body: CheckInSubmitSchema,
    response: CheckInResponseSchema,
    status: 201,
    errors: ['validation_failed', 'forbidden', 'not_found', 'check_in_closed', 'rate_limited'],
    async handler({ access: a, deps, params, body }) {
      const data = await deps.scorecards.data(a.tenantId);
      const seller = data.sellersById.get(params.sellerId);
      if (!seller) throw new AppError('not_found', `No seller "${params.sellerId}"`);
      if (body.by === 'self' && a.sellerId !== seller.id) throw new AppError('forbidden', 'Only the seller answers their own check-in');
      if (body.by === 'manager' && !a.managedSellerIds.has(seller.id)) {
        throw new AppError('forbidden', 'Only the seller’s manager gives a manager assessment');
      }
      const items = new Set(data.definition.checkInItems.map((i) => i.id));
      const issues: ErrorIssue[] = Object.keys(body.answers)
        .filter((id) => !items.has(id))
        .map((id) => ({ path: `body.answers.${id}`, message: 'not an item of this check-in' }));
      if (body.by === 'self') {
        for (const id of items) if (own(body.answers, id) === undefined) issues.push({ path: `body.answers.${id}`, message: 'required' });
      } else if (Object.keys(body.answers).length === 0) issues.push({ path: 'body.answers', message: 'answer at least one item' });
      if (issues.length > 0) throw new AppError('validation_failed', 'The check-in is incomplete', { issues });
      const now = deps.now();
      // The running period of the tenant's cadence, or the one before it during the grace days.
      const period = checkInPeriod({ cadence: data.definition.checkInCadence, graceDays: data.definition.checkInGraceDays }, now.getTime(), data.calendar, body.periodKey);
      if (!period.ok) throw new AppError('check_in_closed', period.message);
      await deps.submissions.consume(a.tenantId, a.userId);
      const periodKey = period.key;
      const checkIn: CheckIn = { tenantId: a.tenantId, sellerId: seller.id, periodKey, by: body.by, answers: body.answers, note: body.note ?? null, at: now.toISOString() };
      await deps.store.addCheckIn(a.tenantId, checkIn, a.userId);
      // Mirrored to the CRM's user properties where the tenant has them (retried there until it is).
      if (body.by === 'self') {
        deps.schedule?.mirrorSoon(a.tenantId);
        deps.salesforce?.mirrorSoon?.(a.tenantId);
      }
      return { checkIn: toEntry(checkIn) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/sellers/:sellerId/check-ins',
    summary: "A seller's check-in history (the seller; their managers when the tenant allows, audited)",
    tag: 'check-ins',
    policy: 'sellerReader',
    params: SellerParamsSchema,
    query: EmptyQuerySchema,
    response: CheckInHistoryResponseSchema,
    errors: ['forbidden', 'not_found'],
    async handler({ access: a, deps, params }) {
      const data = await deps.scorecards.data(a.tenantId);
      if (!data.sellersById.has(params.sellerId)) throw new AppError('not_found', `No seller "${params.sellerId}"`);
      const mode = answerAccess(a, params.sellerId, data.tenant.willVisibility);
      if (mode === 'hidden') throw new AppError('forbidden', 'Check-in answers are private to the seller');
      const history = await deps.store.listCheckIns(a.tenantId, params.sellerId);
      // The whole history is one read of each period it holds.
      if (mode === 'audited') {
        for (const periodKey of new Set(history.map((c) => c.periodKey))) await deps.answerAudit.record(a.tenantId, { actorUserId: a.userId, sellerId: params.sellerId, periodKey });
      }
      return { checkIns: history.map(toEntry) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/teams/:teamId/check-ins/summary',
    summary: "Team averages of the sellers' latest self check-ins in a month, shown from five respondents",
    tag: 'check-ins',
    policy: 'teamReader',
    params: TeamParamsSchema,
    query: ScorecardQuerySchema.pick({ key: true }),
    response: CheckInSummaryResponseSchema,
    errors: ['forbidden', 'not_found'],
    async handler({ access: a, deps, params, query }) {
      const data = await deps.scorecards.data(a.tenantId);
      if (!data.teamsById.has(params.teamId)) throw new AppError('not_found', `No team "${params.teamId}"`);
      const periodKey = query.key ?? checkInKeyOf(data, deps.now());
      const latest = new Map<string, CheckIn>();
      for (const seller of data.records.sellers) {
        if (!seller.teamIds.includes(params.teamId)) continue;
        // The index holds each seller's check-ins ascending by time: the last match is the latest.
        for (const { checkIn: c } of data.index.get(seller.id)?.checkIns ?? []) {
          if (c.by === 'self' && c.periodKey === periodKey) latest.set(seller.id, c);
        }
      }
      const answered = latest.size;
      const items =
        answered < AGGREGATE_MINIMUM
          ? null
          : data.definition.checkInItems.map((item) => {
              const values = [...latest.values()].map((c) => own(c.answers, item.id)).filter((v): v is number => v !== undefined);
              return { itemId: item.id, label: item.label, mean: values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100 : 0, answers: values.length };
            });
      return { teamId: params.teamId, periodKey, answered, minimum: AGGREGATE_MINIMUM, items };
    },
  }),
];
