import request from 'supertest';
import { SellerScorecardResponseSchema, TeamScorecardsResponseSchema, weightedGeometricMean, type SellerScorecard } from '@balanced-scorecard/shared';
import { startTestService, type TestService } from '../../support/service';

/**
 * DESIGN §7: a viewer who may not read a seller's check-in answers sees no value derived from
 * them for that seller — not the answers, not the will level, not a balance index or a status
 * count built from them, not a guard-rail warning quoting them.
 */
const ADMIN = 'user-admin';
const MANAGER_2 = 'user-manager-2'; // manages team-2 (seller-009 …)
const SELLER_9 = 'user-seller-009';
const answers = (motivation: number) => ({ motivation, energy: 2, product_pride: 2, goal_belief: 2, selling_time: 3, product_knowledge: 3, sales_skills: 3, tools_support: 3 });

let svc: TestService;
const get = (user: string, path: string) => request(svc.app).get(path).set('x-demo-user', user);
const setVisibility = (willVisibility: 'manager' | 'aggregate') => request(svc.app).put('/api/v1/settings/privacy').set('x-demo-user', ADMIN).send({ willVisibility });

beforeAll(async () => {
  svc = await startTestService();
  // seller-009's own answers this month: low motivation.
  const res = await request(svc.app).post('/api/v1/sellers/seller-009/check-ins').set('x-demo-user', SELLER_9).send({ answers: answers(1) });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await svc.close();
});

const ANSWER_ITEMS = ['motivation', 'energy', 'product_pride', 'goal_belief', 'selling_time', 'product_knowledge', 'sales_skills', 'tools_support'];

function expectNothingFromAnswers(card: SellerScorecard): void {
  for (const i of card.indicators.filter((x) => ANSWER_ITEMS.includes(x.indicatorId))) {
    expect(i).toMatchObject({ actual: null, attainment: null, status: 'grey' });
    expect(i.trend.every((p) => p.actual === null && p.status === 'grey')).toBe(true);
  }
  expect(card.levels.find((l) => l.level === 'will')).toMatchObject({ score: null, status: 'grey' });
  expect(card.withheldLevels).toEqual(['will']);
}

describe('a card seen without the answers', () => {
  it('shows the seller and their manager (in "manager" visibility) everything', async () => {
    for (const user of [SELLER_9, MANAGER_2]) {
      const body = SellerScorecardResponseSchema.parse((await get(user, '/api/v1/sellers/seller-009/scorecard')).body);
      expect(body.answersHidden).toBe(false);
      expect(body.scorecard.withheldLevels).toEqual([]);
      expect(body.scorecard.levels.find((l) => l.level === 'will')!.score).not.toBeNull();
      expect(body.scorecard.indicators.find((i) => i.indicatorId === 'motivation')!.actual).toBe(1);
    }
  });

  it('shows an admin, and a manager under "aggregate", no will level, and a balance index without it, labelled so', async () => {
    const full = SellerScorecardResponseSchema.parse((await get(SELLER_9, '/api/v1/sellers/seller-009/scorecard')).body).scorecard;
    const views = [SellerScorecardResponseSchema.parse((await get(ADMIN, '/api/v1/sellers/seller-009/scorecard')).body)];
    expect((await setVisibility('aggregate')).status).toBe(200);
    try {
      views.push(SellerScorecardResponseSchema.parse((await get(MANAGER_2, '/api/v1/sellers/seller-009/scorecard')).body));
    } finally {
      await setVisibility('manager');
    }
    for (const view of views) {
      expect(view.answersHidden).toBe(true);
      const card = view.scorecard;
      expectNothingFromAnswers(card);
      // The other levels' scores are those of the full card where no answer enters them…
      for (const level of ['result', 'activity'] as const) expect(card.levels.find((l) => l.level === level)!.score).toBe(full.levels.find((l) => l.level === level)!.score);
      // …foundation is computed from its CRM indicators only, and the index from the three levels shown.
      const shown = card.levels.filter((l) => l.level !== 'will');
      expect(card.balanceIndex).not.toBeNull();
      expect(card.balanceIndex!).toBeCloseTo(weightedGeometricMean(shown.map((l) => ({ value: l.score!, weight: l.weight })))!, 1);
      expect(card.balanceIndex).not.toBe(full.balanceIndex);
    }
  });
});

describe('a team seen without the answers', () => {
  it('gives no will score per seller, ranks by the index without will, and a will median only from five sellers with a score', async () => {
    const full = TeamScorecardsResponseSchema.parse((await get(MANAGER_2, '/api/v1/teams/team-2/scorecards')).body);
    expect(full.answersHidden).toBe(false);
    const hidden = TeamScorecardsResponseSchema.parse((await get(ADMIN, '/api/v1/teams/team-2/scorecards')).body);
    expect(hidden.answersHidden).toBe(true);
    for (const s of hidden.sellers) {
      expect(s.levels.find((l) => l.level === 'will')!.score).toBeNull();
      expect(s.withheldLevels).toEqual(['will']);
    }
    // Status counts hold no answer indicator: the eight answer items are grey for every seller.
    for (const s of hidden.sellers) expect(s.statusCounts.grey).toBeGreaterThanOrEqual(ANSWER_ITEMS.length);
    // Ranks follow the index shown, not the full one.
    const ranked = hidden.sellers.filter((s) => s.balanceIndex !== null).sort((a, b) => b.balanceIndex! - a.balanceIndex!);
    const ranks = ranked.map((s) => s.standings.find((x) => x.teamId === 'team-2')!.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const scored = full.sellers.filter((s) => s.levels.find((l) => l.level === 'will')!.score !== null).length;
    expect(hidden.team.medians.levels.will).toBe(scored >= 5 ? full.team.medians.levels.will : null);
    expect(hidden.team.medians.levels.result).toBe(full.team.medians.levels.result);
  });
});

describe('guard-rail warnings', () => {
  it('quote the motivation answer only to a viewer who may read it, and count that read', async () => {
    const readsBefore = (await svc.store.listAnswerReads('demo', 1000)).filter((r) => r.actorUserId === MANAGER_2 && r.sellerId === 'seller-009').reduce((n, r) => n + r.reads, 0);
    const byManager = await request(svc.app).patch('/api/v1/sellers/seller-009/targets').set('x-demo-user', MANAGER_2).send({ targets: { meetings_held: 30 } });
    expect(byManager.body.warnings).toEqual([expect.objectContaining({ sellerId: 'seller-009', motivation: 1, message: expect.stringContaining('motivation 1/5') })]);
    await svc.answerAudit.flush();
    const readsAfter = (await svc.store.listAnswerReads('demo', 1000)).filter((r) => r.actorUserId === MANAGER_2 && r.sellerId === 'seller-009').reduce((n, r) => n + r.reads, 0);
    expect(readsAfter).toBe(readsBefore + 1);

    // An admin replacing the definition may not read seller-009's answers.
    const current = (await get(ADMIN, '/api/v1/definition')).body.definition;
    const raised = { ...current, indicators: current.indicators.map((i: { id: string; target: { sellers: Record<string, number> } }) => (i.id === 'meetings_held' ? { ...i, target: { ...i.target, sellers: { ...i.target.sellers, 'seller-009': 45 } } } : i)) };
    const byAdmin = await request(svc.app).put('/api/v1/definition').set('x-demo-user', ADMIN).send({ baseVersion: current.version, definition: raised });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.warnings).toEqual([expect.objectContaining({ sellerId: 'seller-009', motivation: null, willScore: null })]);
    expect(byAdmin.body.warnings[0].message).toContain('guard-rail fired');
    expect(byAdmin.body.warnings[0].message).not.toMatch(/\d\s*\/\s*5/);

    // Under "aggregate", the manager gets the same: that it fired, no answer.
    await setVisibility('aggregate');
    try {
      const hidden = await request(svc.app).patch('/api/v1/sellers/seller-009/targets').set('x-demo-user', MANAGER_2).send({ targets: { meetings_held: 60 } });
      expect(hidden.body.warnings).toEqual([expect.objectContaining({ motivation: null, willScore: null })]);
      expect(JSON.stringify(hidden.body.warnings)).not.toContain('1/5');
    } finally {
      await setVisibility('manager');
    }
  });
});
