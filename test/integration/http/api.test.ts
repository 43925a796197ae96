import request from 'supertest';
import { ErrorEnvelopeSchema, MeResponseSchema, SellerScorecardResponseSchema, TeamScorecardsResponseSchema, TeamTrendResponseSchema } from '@balanced-scorecard/shared';
import { startTestService, TEST_NOW, type TestService } from '../../support/service';

const ADMIN = 'user-admin';
const MANAGER_1 = 'user-manager-1';
const MANAGER_2 = 'user-manager-2';
const SELLER_1 = 'user-seller-001'; // team-1
const SELLER_9 = 'user-seller-009'; // team-2

let svc: TestService;
const as = (userId: string | null) => ({
  head: (path: string) => request(svc.app).head(path).set('x-demo-user', userId ?? ''),
  get: (path: string) => (userId ? request(svc.app).get(path).set('x-demo-user', userId) : request(svc.app).get(path)),
  post: (path: string, body: unknown) => request(svc.app).post(path).set('x-demo-user', userId ?? '').send(body as object),
  put: (path: string, body: unknown) => request(svc.app).put(path).set('x-demo-user', userId ?? '').send(body as object),
  patch: (path: string, body: unknown) => request(svc.app).patch(path).set('x-demo-user', userId ?? '').send(body as object),
});
const expectError = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(ErrorEnvelopeSchema.parse(res.body).error.code).toBe(code);
};
const fullAnswers = (value: number) => ({ motivation: value, energy: value, product_pride: value, goal_belief: value, selling_time: value, product_knowledge: value, sales_skills: value, tools_support: value });

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

describe('health, readiness and the OpenAPI document', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await request(svc.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(svc.app).get('/readyz')).body).toEqual({ status: 'ready', store: 'pglite', pendingMigrations: [], loading: { tenants: 0, sellersLoaded: 0, sellersTotal: 0 } });
  });

  it('publishes an OpenAPI 3.1 document with every route, generated from the schemas', async () => {
    const res = await request(svc.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/sellers/{sellerId}/scorecard',
        '/api/v1/teams/{teamId}/scorecards',
        '/api/v1/definition',
        '/api/v1/sellers/{sellerId}/check-ins',
        '/api/v1/sync/status',
        '/api/v1/sync',
        '/healthz',
        '/readyz',
      ]),
    );
    const post = res.body.paths['/api/v1/sellers/{sellerId}/check-ins'].post;
    expect(post.requestBody.content['application/json'].schema.properties.answers).toBeDefined();
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('answers unknown API paths with the error envelope', async () => {
    expectError(await request(svc.app).get('/api/v1/nothing'), 404, 'not_found');
  });
});

describe('who is calling', () => {
  it('gives each role what it is', async () => {
    const admin = MeResponseSchema.parse((await as(ADMIN).get('/api/v1/me')).body);
    expect(admin.roles).toEqual(['admin']);
    const manager = MeResponseSchema.parse((await as(MANAGER_1).get('/api/v1/me')).body);
    expect(manager).toMatchObject({ roles: ['manager'], managedTeamIds: ['team-1'], sellerId: null });
    const seller = MeResponseSchema.parse((await as(SELLER_1).get('/api/v1/me')).body);
    expect(seller).toMatchObject({ roles: ['seller'], sellerId: 'seller-001' });
    expect(seller.checkInItems).toHaveLength(8);
  });

  it('refuses callers without identity or unknown to the tenant', async () => {
    expectError(await as(null).get('/api/v1/me'), 401, 'unauthenticated');
    expectError(await as('user-nobody').get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('lists the teams a viewer reviews', async () => {
    expect((await as(ADMIN).get('/api/v1/teams')).body.teams).toHaveLength(3);
    expect((await as(MANAGER_2).get('/api/v1/teams')).body.teams.map((t: { teamId: string }) => t.teamId)).toEqual(['team-2']);
    expect((await as(SELLER_1).get('/api/v1/teams')).body.teams).toEqual([]);
  });
});

describe('scorecards', () => {
  it('lets a seller read their own scorecard and no one else’s', async () => {
    const own = await as(SELLER_1).get('/api/v1/sellers/seller-001/scorecard');
    expect(own.status).toBe(200);
    const body = SellerScorecardResponseSchema.parse(own.body);
    expect(body.scorecard.levels.map((l) => l.level)).toEqual(['result', 'activity', 'will', 'foundation']);
    expect(body.scorecard.indicators.length).toBeGreaterThanOrEqual(16);
    expect(body.answersHidden).toBe(false);
    expectError(await as(SELLER_1).get('/api/v1/sellers/seller-002/scorecard'), 403, 'forbidden');
  });

  it('lets a manager read their team’s sellers, audits the answers they see, and refuses other teams', async () => {
    const readsOf = async () => (await svc.store.listAnswerReads('demo', 100)).filter((r) => r.actorUserId === MANAGER_1 && r.sellerId === 'seller-002' && r.periodKey === '2026-10');
    expect(await readsOf()).toEqual([]);
    const res = await as(MANAGER_1).get('/api/v1/sellers/seller-002/scorecard?period=month&key=2026-10');
    expect(res.status).toBe(200);
    const motivation = res.body.scorecard.indicators.find((i: { indicatorId: string }) => i.indicatorId === 'motivation');
    expect(motivation.actual).not.toBeNull();
    // The view says so: these are another person's answers, and the read is recorded.
    expect([res.body.answersRecorded, res.body.answersHidden]).toEqual([true, false]);
    const own = await as(SELLER_1).get('/api/v1/sellers/seller-001/scorecard');
    expect([own.body.answersRecorded, own.body.answersHidden]).toEqual([false, false]);
    // On record before the answers were served; later views of the day only count.
    expect(await readsOf()).toEqual([expect.objectContaining({ reads: 1, day: TEST_NOW.toISOString().slice(0, 10) })]);
    await as(MANAGER_1).get('/api/v1/sellers/seller-002/scorecard?period=month&key=2026-10');
    await as(MANAGER_1).get('/api/v1/sellers/seller-002/scorecard?period=month&key=2026-10');
    await svc.answerAudit.flush();
    expect(await readsOf()).toEqual([expect.objectContaining({ reads: 3 })]);
    expectError(await as(MANAGER_1).get('/api/v1/sellers/seller-009/scorecard'), 403, 'forbidden');
  });

  it('shows an admin every scorecard but not the individual check-in answers', async () => {
    const res = await as(ADMIN).get('/api/v1/sellers/seller-009/scorecard');
    const body = SellerScorecardResponseSchema.parse(res.body);
    expect(body.answersHidden).toBe(true);
    const item = body.scorecard.indicators.find((i) => i.indicatorId === 'motivation')!;
    expect([item.actual, item.status]).toEqual([null, 'grey']);
    expect(item.trend.every((p) => p.actual === null)).toBe(true);
    expect(body.scorecard.indicators.find((i) => i.indicatorId === 'meetings_held')!.actual).not.toBeNull();
  });

  it('lists the periods a picker offers, by name, with the one scorecards open on', async () => {
    // 20 November 12:00: well into the month, so the running month is the default.
    const months = await as(SELLER_1).get('/api/v1/periods');
    expect(months.status).toBe(200);
    expect(months.body.kind).toBe('month');
    expect(months.body.defaultKey).toBe('2026-11');
    expect(months.body.periods).toHaveLength(12);
    expect(months.body.periods.slice(0, 2)).toEqual([
      { key: '2026-11', name: 'November 2026', running: true, complete: false },
      { key: '2026-10', name: 'October 2026', running: false, complete: true },
    ]);
    const weeks = await as(SELLER_1).get('/api/v1/periods?period=week');
    expect(weeks.body.periods[0]).toEqual({ key: '2026-W47', name: 'Week 47, 2026', running: true, complete: false });
    expect(weeks.body.defaultKey).toBe('2026-W47');
    const quarters = await as(SELLER_1).get('/api/v1/periods?period=quarter');
    expect(quarters.body.periods.map((p: { name: string }) => p.name).slice(0, 3)).toEqual(['Q4 2026', 'Q3 2026', 'Q2 2026']);
    expectError(await as(SELLER_1).get('/api/v1/periods?period=year'), 400, 'validation_failed');
    expect((await request(svc.app).get('/api/v1/periods')).status).toBe(401);
  });

  it('selects the period by kind and key, and rejects keys that do not fit', async () => {
    const q = await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?period=quarter&key=2026-Q3');
    expect(q.body.scorecard.period).toMatchObject({ kind: 'quarter', key: '2026-Q3', running: false });
    const w = await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?period=week');
    expect(w.body.scorecard.period).toMatchObject({ kind: 'week', key: '2026-W47', running: true });
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?period=month&key=2026-Q3'), 400, 'invalid_period');
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?period=year'), 400, 'validation_failed');
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?key=2026-13'), 400, 'validation_failed');
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard?extra=1'), 400, 'validation_failed');
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-404/scorecard'), 404, 'not_found');
  });

  it('gives a manager their team table: sellers × levels with medians and ranks', async () => {
    const res = await as(MANAGER_1).get('/api/v1/teams/team-1/scorecards');
    const body = TeamScorecardsResponseSchema.parse(res.body);
    expect(body.sellers).toHaveLength(8);
    expect(body.team.medians.balanceIndex).not.toBeNull();
    for (const s of body.sellers) expect(s.levels).toHaveLength(4);
    expectError(await as(MANAGER_1).get('/api/v1/teams/team-2/scorecards'), 403, 'forbidden');
    expectError(await as(SELLER_1).get('/api/v1/teams/team-1/scorecards'), 403, 'forbidden');
    expectError(await as(ADMIN).get('/api/v1/teams/team-9/scorecards'), 404, 'not_found');
  });
});

describe('the team trend', () => {
  /** Each point of the trend is the team's medians of that period, as the team table of that period shows them. */
  async function expectTrendMatchesTables(viewer: string, query: string, hidden: boolean) {
    const trend = TeamTrendResponseSchema.parse((await as(viewer).get(`/api/v1/teams/team-1/trend${query}`)).body);
    expect(trend.answersHidden).toBe(hidden);
    expect(trend.points).toHaveLength(6);
    for (const point of trend.points) {
      const table = TeamScorecardsResponseSchema.parse((await as(viewer).get(`/api/v1/teams/team-1/scorecards?period=month&key=${point.periodKey}`)).body);
      expect(table.answersHidden).toBe(hidden);
      expect(point.medians).toEqual(table.team.medians);
      expect(point.running).toBe(table.period.running);
    }
    return trend;
  }

  it('gives a manager their team’s median per level and balance index over six periods, oldest first, named', async () => {
    const trend = await expectTrendMatchesTables(MANAGER_1, '?period=month&key=2026-11', false);
    expect(trend.points.map((p) => p.periodKey)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(trend.points.map((p) => p.name)).toEqual(['June 2026', 'July 2026', 'August 2026', 'September 2026', 'October 2026', 'November 2026']);
    // The demo holds three months before its anchor: those have medians, and the scores move.
    const scored = trend.points.filter((p) => p.medians.balanceIndex !== null);
    expect(scored.length).toBeGreaterThanOrEqual(2);
    expect(new Set(scored.map((p) => p.medians.levels.activity)).size).toBeGreaterThan(1);
    expect(trend.points.at(-1)!.running).toBe(true);
    expect(trend.points[0]!.running).toBe(false);
  });

  it('under "aggregate" visibility is computed without the answers, like the team table', async () => {
    expect((await as(ADMIN).put('/api/v1/settings/privacy', { willVisibility: 'aggregate' })).status).toBe(200);
    try {
      await expectTrendMatchesTables(MANAGER_1, '', true);
    } finally {
      await as(ADMIN).put('/api/v1/settings/privacy', { willVisibility: 'manager' });
    }
  });

  it('is refused to other teams’ managers and to sellers, and for unknown teams or bad keys', async () => {
    expectError(await as(MANAGER_2).get('/api/v1/teams/team-1/trend'), 403, 'forbidden');
    expectError(await as(SELLER_1).get('/api/v1/teams/team-1/trend'), 403, 'forbidden');
    expectError(await as(ADMIN).get('/api/v1/teams/team-9/trend'), 404, 'not_found');
    expectError(await as(ADMIN).get('/api/v1/teams/team-1/trend?period=week&key=2026-11'), 400, 'invalid_period');
  });
});

describe('check-ins', () => {
  it('takes a seller’s own complete check-in, shows it in their history and in the scorecard', async () => {
    const res = await as(SELLER_9).post('/api/v1/sellers/seller-009/check-ins', { answers: fullAnswers(2), note: 'tough month' });
    expect(res.status).toBe(201);
    expect(res.body.checkIn).toMatchObject({ sellerId: 'seller-009', periodKey: '2026-11', by: 'self', note: 'tough month' });
    const history = await as(SELLER_9).get('/api/v1/sellers/seller-009/check-ins');
    expect(history.body.checkIns[0]).toMatchObject({ answers: fullAnswers(2), note: 'tough month' });
    const card = await as(SELLER_9).get('/api/v1/sellers/seller-009/scorecard');
    expect(card.body.scorecard.indicators.find((i: { indicatorId: string }) => i.indicatorId === 'motivation').actual).toBe(2);
  });

  it('rejects incomplete, unknown or out-of-range answers, and answers for someone else', async () => {
    const { motivation: _m, ...incomplete } = fullAnswers(3);
    expectError(await as(SELLER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: incomplete }), 400, 'validation_failed');
    expectError(await as(SELLER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: { ...fullAnswers(3), mood: 3 } }), 400, 'validation_failed');
    expectError(await as(SELLER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: { ...fullAnswers(3), energy: 6 } }), 400, 'validation_failed');
    expectError(await as(SELLER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: fullAnswers(3), extra: true }), 400, 'validation_failed');
    expectError(await as(SELLER_1).post('/api/v1/sellers/seller-002/check-ins', { answers: fullAnswers(3) }), 403, 'forbidden');
    expectError(await as(MANAGER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: fullAnswers(3) }), 403, 'forbidden');
  });

  it('takes a manager’s assessment of their own seller only', async () => {
    expect((await as(MANAGER_1).post('/api/v1/sellers/seller-001/check-ins', { answers: { sales_skills: 2 }, by: 'manager' })).status).toBe(201);
    expectError(await as(MANAGER_1).post('/api/v1/sellers/seller-009/check-ins', { answers: { sales_skills: 2 }, by: 'manager' }), 403, 'forbidden');
    expectError(await as(ADMIN).post('/api/v1/sellers/seller-009/check-ins', { answers: { sales_skills: 2 }, by: 'manager' }), 403, 'forbidden');
  });

  it('shows individual answers to managers only in "manager" visibility, audited, and never to others', async () => {
    const history = await as(MANAGER_2).get('/api/v1/sellers/seller-009/check-ins');
    expect(history.status).toBe(200);
    const periods = new Set(history.body.checkIns.map((c: { periodKey: string }) => c.periodKey));
    const reads = (await svc.store.listAnswerReads('demo', 1000)).filter((r) => r.actorUserId === MANAGER_2 && r.sellerId === 'seller-009');
    expect(new Set(reads.map((r) => r.periodKey))).toEqual(periods);
    expectError(await as(ADMIN).get('/api/v1/sellers/seller-009/check-ins'), 403, 'forbidden');
    expectError(await as(MANAGER_1).get('/api/v1/sellers/seller-009/check-ins'), 403, 'forbidden');
    expectError(await as(SELLER_1).get('/api/v1/sellers/seller-009/check-ins'), 403, 'forbidden');
  });

  it('in "aggregate" visibility hides answers from managers and shows team averages only from five respondents', async () => {
    expect((await as(ADMIN).put('/api/v1/settings/privacy', { willVisibility: 'aggregate' })).status).toBe(200);
    try {
      expectError(await as(MANAGER_2).get('/api/v1/sellers/seller-009/check-ins'), 403, 'forbidden');
      const card = await as(MANAGER_2).get('/api/v1/sellers/seller-009/scorecard');
      expect(card.body.answersHidden).toBe(true);
      expect(card.body.scorecard.indicators.find((i: { indicatorId: string }) => i.indicatorId === 'motivation').actual).toBeNull();
      // A seller cannot answer for a future month; one answer there (as a sync could bring) is not shown.
      expectError(await as('user-seller-010').post('/api/v1/sellers/seller-010/check-ins', { answers: fullAnswers(4), periodKey: '2027-01' }), 409, 'check_in_closed');
      await svc.store.addCheckIn('demo', { tenantId: 'demo', sellerId: 'seller-010', periodKey: '2027-01', by: 'self', answers: fullAnswers(4), note: null, at: '2026-11-20T11:00:00.000Z' }, 'user-seller-010');
      const few = await as(MANAGER_2).get('/api/v1/teams/team-2/check-ins/summary?key=2027-01');
      expect(few.body).toMatchObject({ answered: 1, minimum: 5, items: null });
      const october = await as(MANAGER_2).get('/api/v1/teams/team-2/check-ins/summary?key=2026-10');
      expect(october.body.answered).toBeGreaterThanOrEqual(5);
      expect(october.body.items).toHaveLength(8);
      // The seller still sees their own answers.
      expect((await as(SELLER_9).get('/api/v1/sellers/seller-009/check-ins')).status).toBe(200);
    } finally {
      await as(ADMIN).put('/api/v1/settings/privacy', { willVisibility: 'manager' });
    }
    expectError(await as(MANAGER_2).put('/api/v1/settings/privacy', { willVisibility: 'aggregate' }), 403, 'forbidden');
  });
});

describe('definition and targets', () => {
  it('lets anyone signed in read the definition and only admins replace it, with optimistic concurrency', async () => {
    const current = (await as(SELLER_1).get('/api/v1/definition')).body.definition;
    const edited = { ...current, name: 'Edited scorecard' };
    expectError(await as(MANAGER_1).put('/api/v1/definition', { baseVersion: current.version, definition: edited }), 403, 'forbidden');
    const ok = await as(ADMIN).put('/api/v1/definition', { baseVersion: current.version, definition: edited });
    expect(ok.status).toBe(200);
    expect(ok.body.definition).toMatchObject({ name: 'Edited scorecard', version: current.version + 1 });
    expectError(await as(ADMIN).put('/api/v1/definition', { baseVersion: current.version, definition: edited }), 409, 'conflict');
    const broken = { ...edited, indicators: [] };
    expectError(await as(ADMIN).put('/api/v1/definition', { baseVersion: current.version + 1, definition: broken }), 400, 'validation_failed');
  });

  it('warns when a manager raises an activity target for a seller with low will, and not otherwise', async () => {
    // seller-009 answered motivation 2 this month (above).
    const low = await as(MANAGER_2).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: 9 } });
    expect(low.status).toBe(200);
    expect(low.body.warnings).toEqual([expect.objectContaining({ code: 'low_will_activity_target_raised', sellerId: 'seller-009', indicatorId: 'meetings_held', motivation: 2 })]);
    expect(low.body.definition.indicators.find((i: { id: string }) => i.id === 'meetings_held').target.sellers['seller-009']).toBe(9);
    // Lowering it is fine; so is raising a result target.
    const lower = await as(MANAGER_2).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: 3, won_revenue: 90000 } });
    expect(lower.body.warnings).toEqual([]);
    const cleared = await as(MANAGER_2).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: null } });
    expect(cleared.body.definition.indicators.find((i: { id: string }) => i.id === 'meetings_held').target.sellers['seller-009']).toBeUndefined();
  });

  it('refuses targets for sellers outside one’s team, for unknown indicators, and from sellers', async () => {
    expectError(await as(MANAGER_1).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: 9 } }), 403, 'forbidden');
    expectError(await as(SELLER_9).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: 1 } }), 403, 'forbidden');
    expectError(await as(MANAGER_2).patch('/api/v1/sellers/seller-009/targets', { targets: { not_there: 1 } }), 400, 'validation_failed');
    expectError(await as(MANAGER_2).patch('/api/v1/sellers/seller-009/targets', { targets: { meetings_held: -1 } }), 400, 'validation_failed');
  });
});

describe('sync', () => {
  it('shows the sync status to admins only', async () => {
    const res = await as(ADMIN).get('/api/v1/sync/status');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ running: false, connector: 'demo' });
    expect(res.body.counts.sellers).toBe(24);
    expect(res.body.runs[0]).toMatchObject({ status: 'succeeded', connector: 'demo' });
    expectError(await as(MANAGER_1).get('/api/v1/sync/status'), 403, 'forbidden');
  });

  it('starts a sync for admins', async () => {
    expectError(await as(SELLER_1).post('/api/v1/sync', {}), 403, 'forbidden');
    const runs = (await svc.store.listSyncRuns('demo', 50)).length;
    const first = await as(ADMIN).post('/api/v1/sync', {});
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true, connector: 'demo' });
    await svc.sync.drain();
    expect((await svc.store.listSyncRuns('demo', 50)).length).toBe(runs + 1);
  });

  it('refuses to start a sync while another process holds the tenant’s sync lease', async () => {
    expect(await svc.store.acquireSyncLease('demo', 'another-replica', 60_000)).toBe(true);
    try {
      expectError(await as(ADMIN).post('/api/v1/sync', {}), 409, 'sync_in_progress');
    } finally {
      await svc.store.releaseSyncLease('demo', 'another-replica');
    }
  });
});

describe('the error envelope at the HTTP edge', () => {
  it('reports bad JSON, a wrong content type and a too large body with codes', async () => {
    const bad = await request(svc.app).post('/api/v1/sellers/seller-001/check-ins').set('x-demo-user', SELLER_1).set('content-type', 'application/json').send('{"answers":');
    expectError(bad, 400, 'invalid_json');
    const text = await request(svc.app).post('/api/v1/sellers/seller-001/check-ins').set('x-demo-user', SELLER_1).set('content-type', 'text/plain').send('hello');
    expectError(text, 415, 'unsupported_media_type');
    const big = await request(svc.app).post('/api/v1/sellers/seller-001/check-ins').set('x-demo-user', SELLER_1).send({ answers: {}, note: 'x'.repeat(600_000) });
    expectError(big, 413, 'payload_too_large');
  });

  it('refuses a body on a route that takes none, and a broken escape in a path parameter', async () => {
    const extra = await as(ADMIN).post('/api/v1/sync', { force: true });
    expectError(extra, 400, 'validation_failed');
    const escape = await as(ADMIN).get('/api/v1/sellers/%E0%A4%A/scorecard');
    expectError(escape, 400, 'bad_request');
  });

  it('answers HEAD like GET without the body, with the security headers on API and web view alike', async () => {
    const head = await as(ADMIN).head('/api/v1/sellers/seller-001/scorecard');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    expect(head.text ?? '').toBe('');
    const card = await as(ADMIN).get('/api/v1/sellers/seller-001/scorecard');
    expect(Number(card.headers['content-length'])).toBe(Number(head.headers['content-length']));
    // A route of the web view itself (the browser reloads it) gets the page, not a 404.
    const view = await request(svc.app).get('/sellers/seller-001');
    expect(view.status).toBe(200);
    expect(view.headers['content-type']).toMatch(/text\/html/);
    for (const res of [card, view]) {
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self' https://*.lightning.force.com");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});
