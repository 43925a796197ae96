import request from 'supertest';
import { PlanListResponseSchema, SavedPlanResponseSchema, SellerFocusResponseSchema, TeamInsightsResponseSchema, defaultDefinition } from '@balanced-scorecard/shared';
import { generatePlantedTeam } from '../../support/planted-team';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

/**
 * The insights API (DESIGN §6, §9) on two teams of the demo tenant: team-1, forty sellers whose
 * results two planted behaviours drive (managed by manager 1), and team-2 of manager 2.
 */
const MANAGER_1 = 'user-manager-1';
const MANAGER_2 = 'user-manager-2';
const ADMIN = 'user-admin';
const CHECK_IN_ITEMS = new Set(defaultDefinition().checkInItems.map((i) => i.id));

let svc: TestService;
let team: ReturnType<typeof generatePlantedTeam>;
let now = TEST_NOW.getTime();
const as = (user: string) => ({
  get: (path: string) => request(svc.app).get(path).set('x-demo-user', user),
  post: (path: string) => request(svc.app).post(path).set('x-demo-user', user).send({}),
});

beforeAll(async () => {
  svc = await startTestService({ demo: false, now: () => new Date(now) });
  team = generatePlantedTeam({ seed: 31, sellers: 40, months: 9, now: TEST_NOW.toISOString(), tenantId: 'demo' });
  const sellers = team.sellers.map((s) => ({ ...s, userId: `user-${s.id}`, managerIds: [MANAGER_1] }));
  await svc.store.ensureTenant('demo', 'Planted');
  await svc.store.savePage('demo', 'file', { kind: 'teams', records: [...team.teams, { tenantId: 'demo', id: 'team-2', name: 'Other team', parentId: null }], cursor: '1' });
  await svc.store.savePage('demo', 'file', { kind: 'sellers', records: [...sellers, { ...sellers[0]!, id: 'seller-900', externalId: 'x-900', userId: 'user-seller-900', name: 'Other seller', teamIds: ['team-2'], managerIds: [MANAGER_2] }], cursor: '1' });
  for (const kind of ['customers', 'deals', 'activities', 'checkIns'] as const) await svc.store.savePage('demo', 'file', { kind, records: team[kind], cursor: '1' });
  await svc.store.upsertUsers('demo', [
    { userId: MANAGER_1, name: 'Manager one', email: null, isAdmin: false },
    { userId: MANAGER_2, name: 'Manager two', email: null, isAdmin: false },
    { userId: ADMIN, name: 'Admin', email: null, isAdmin: true },
    ...sellers.map((s) => ({ userId: s.userId!, name: s.name, email: null, isAdmin: false })),
    { userId: 'user-seller-900', name: 'Other seller', email: null, isAdmin: false },
  ]);
});
afterAll(async () => {
  await svc.close();
});

describe('a team’s insights', () => {
  it('tells its manager what the top sellers do, who learns what, and the flags, over the last six complete months', async () => {
    const res = await as(MANAGER_1).get('/api/v1/teams/team-1/insights');
    expect(res.status).toBe(200);
    const body = TeamInsightsResponseSchema.parse(res.body);
    expect(body.window.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(body.status).toBe('ok');
    expect(body.checkInItemsLeftOut).toBe(false);
    expect(body.topGroup.length).toBeGreaterThanOrEqual(3);
    expect(body.findings.length).toBeGreaterThan(10);
    expect(body.findings.filter((f) => f.separates).map((f) => f.candidateId)).toEqual(expect.arrayContaining(['follow_up_24h', 'contacts_per_open_deal']));
    expect(body.findings.find((f) => f.candidateId === 'follow_up_24h')!.proposedKpi).toMatchObject({ id: 'top_follow_up_24h', level: 'activity' });
    expect(body.findings.every((f) => f.sentence.length > 0)).toBe(true);
    expect(body.findings.some((f) => CHECK_IN_ITEMS.has(f.candidateId))).toBe(true);
    expect(body.plan!.sellers.map((s) => s.sellerId).sort()).toEqual(Object.keys(body.names).sort());
    expect(body.plan!.sellers.every((s) => s.focus.length <= 2)).toBe(true);
    expect(body.flags.length).toBe(body.plan!.sellers.length);
    // Calls under ten seconds, counted from the records themselves.
    const [from, to] = [Date.parse('2026-05-01T00:00:00+02:00'), Date.parse('2026-11-01T00:00:00+01:00')];
    const short = team.activities.filter((a) => a.sellerId === 'seller-001' && a.type === 'call' && a.durationMin !== null && a.durationMin * 60 < 10 && Date.parse(a.at) >= from && Date.parse(a.at) < to).length;
    expect(short).toBeGreaterThan(0);
    expect(body.flags.find((f) => f.sellerId === 'seller-001')!.shortCalls).toBe(short);
    // Reading answer-based plan items is counted like any read of answers.
    const reads = await svc.store.listAnswerReads('demo', 100);
    const shown = body.plan!.sellers.filter((s) => s.lowWill || s.focus.some((f) => f.kind === 'skill')).map((s) => s.sellerId);
    for (const sellerId of shown) expect(reads.some((r) => r.actorUserId === MANAGER_1 && r.sellerId === sellerId)).toBe(true);
  });

  it('leaves the check-in items out for a viewer who may not read the answers', async () => {
    const body = TeamInsightsResponseSchema.parse((await as(ADMIN).get('/api/v1/teams/team-1/insights')).body);
    expect(body.checkInItemsLeftOut).toBe(true);
    expect(body.findings.some((f) => CHECK_IN_ITEMS.has(f.candidateId))).toBe(false);
    expect(body.plan?.sellers.some((s) => s.lowWill || s.focus.some((f) => f.kind !== 'behaviour')) ?? false).toBe(false);
  });

  it('is for the team’s managers and admins only', async () => {
    expect((await as(MANAGER_2).get('/api/v1/teams/team-1/insights')).status).toBe(403);
    expect((await as('user-seller-001').get('/api/v1/teams/team-1/insights')).status).toBe(403);
    expect((await as(MANAGER_2).get('/api/v1/teams/team-2/insights')).body).toMatchObject({ status: 'too_few_sellers', findings: [], plan: null });
    expect((await as(ADMIN).get('/api/v1/teams/team-9/insights')).status).toBe(404);
  });
});

describe('saved plans', () => {
  it('keeps the plan with its baselines, lists the history, and follows each focus item up in later months', async () => {
    const saved = await as(MANAGER_1).post('/api/v1/teams/team-1/plans');
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ teamId: 'team-1', periodKey: '2026-10', createdBy: MANAGER_1 });
    const list = PlanListResponseSchema.parse((await as(MANAGER_1).get('/api/v1/teams/team-1/plans')).body);
    expect(list.plans.map((p) => p.planId)).toEqual([saved.body.planId]);
    expect((await as(MANAGER_2).get(`/api/v1/teams/team-1/plans/${saved.body.planId}`)).status).toBe(403);
    expect((await as(MANAGER_2).get(`/api/v1/teams/team-2/plans/${saved.body.planId}`)).status).toBe(404);

    const fresh = SavedPlanResponseSchema.parse((await as(MANAGER_1).get(`/api/v1/teams/team-1/plans/${saved.body.planId}`)).body);
    const focused = fresh.training.sellers.flatMap((s) => s.focus.filter((f) => f.baseline !== undefined).map((f) => ({ sellerId: s.sellerId, ...f })));
    expect(focused.length).toBeGreaterThan(0);
    // No month has closed since the plan: nothing to follow up yet.
    expect(fresh.followUp.every((u) => u.months.length === 0)).toBe(true);
    expect(fresh.followUp.map((u) => `${u.sellerId}/${u.itemId}`).sort()).toEqual(focused.map((f) => `${f.sellerId}/${f.itemId}`).sort());

    // Two months on: November and December are followed up, each against the baseline.
    now = Date.parse('2027-01-10T09:00:00Z');
    try {
      const later = SavedPlanResponseSchema.parse((await as(MANAGER_1).get(`/api/v1/teams/team-1/plans/${saved.body.planId}`)).body);
      for (const u of later.followUp) {
        expect(u.months.map((m) => m.periodKey)).toEqual(['2026-11', '2026-12']);
        for (const m of u.months) if (m.value !== null && u.benchmark !== u.baseline) expect(m.closed).toBeCloseTo((m.value - u.baseline) / (u.benchmark - u.baseline), 3);
      }
      // The seller sees their own focus items, followed up the same way.
      const item = focused[0]!;
      const seller = (await svc.store.listUsers('demo')).find((u) => u.userId === `user-${item.sellerId}`);
      const viewer = seller?.userId ?? MANAGER_1;
      const focus = SellerFocusResponseSchema.parse((await as(viewer).get(`/api/v1/sellers/${item.sellerId}/focus`)).body);
      expect(focus.plan!.planId).toBe(saved.body.planId);
      expect(focus.focus.map((f) => f.itemId)).toContain(item.itemId);
      expect(focus.focus.find((f) => f.itemId === item.itemId)!.months.map((m) => m.periodKey)).toEqual(['2026-11', '2026-12']);
    } finally {
      now = TEST_NOW.getTime();
    }
  });

  it('shows an admin a saved plan without what came from answers, and a seller outside it no focus', async () => {
    const { planId } = (await as(MANAGER_1).post('/api/v1/teams/team-1/plans')).body;
    const seen = SavedPlanResponseSchema.parse((await as(ADMIN).get(`/api/v1/teams/team-1/plans/${planId}`)).body);
    expect(seen.training.sellers.some((s) => s.lowWill || s.focus.some((f) => f.kind !== 'behaviour'))).toBe(false);
    expect(seen.findings.some((f) => CHECK_IN_ITEMS.has(f.candidateId))).toBe(false);
    const other = SellerFocusResponseSchema.parse((await as('user-seller-900').get('/api/v1/sellers/seller-900/focus')).body);
    expect(other).toMatchObject({ plan: null, focus: [] });
  });
});
