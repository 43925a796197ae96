import request from 'supertest';
import { startTestService, type TestService } from '../../support/service';

const answers = { motivation: 3, energy: 3, product_pride: 3, goal_belief: 3, selling_time: 3, product_knowledge: 3, sales_skills: 3, tools_support: 3 };

describe('a check-in belongs to the running period, and submissions are limited', () => {
  let svc: TestService;
  let clock = new Date('2026-12-01T08:00:00.000Z');
  beforeAll(async () => {
    svc = await startTestService({ now: () => clock });
  });
  afterAll(async () => {
    await svc.close();
  });
  const post = (user: string, sellerId: string, body: object) => request(svc.app).post(`/api/v1/sellers/${sellerId}/check-ins`).set('x-demo-user', user).send(body);

  it('takes this month and, during the grace days, last month; refuses other periods, the manager alike', async () => {
    // 1 December, 08:00 in the demo's time zone (UTC): November may still be given.
    clock = new Date('2026-12-01T08:00:00.000Z');
    expect((await post('user-seller-003', 'seller-003', { answers })).body.checkIn.periodKey).toBe('2026-12');
    expect((await post('user-seller-003', 'seller-003', { answers, periodKey: '2026-11' })).body.checkIn.periodKey).toBe('2026-11');
    for (const periodKey of ['2026-10', '2027-01', '2026-W49', '2026-Q4']) {
      const res = await post('user-seller-004', 'seller-004', { answers, periodKey });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('check_in_closed');
    }
    const manager = await post('user-manager-1', 'seller-004', { answers: { sales_skills: 2 }, by: 'manager', periodKey: '2026-09' });
    expect(manager.status).toBe(409);
    // After the grace days November is closed.
    clock = new Date('2026-12-04T00:00:00.000Z');
    expect((await post('user-seller-004', 'seller-004', { answers, periodKey: '2026-11' })).status).toBe(409);
    expect((await post('user-seller-004', 'seller-004', { answers })).status).toBe(201);
  });

  it('limits how often one user submits, not the others', async () => {
    clock = new Date('2026-12-10T08:00:00.000Z');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post('user-seller-005', 'seller-005', { answers })).status);
    expect(statuses.slice(0, 6)).toEqual([201, 201, 201, 201, 201, 201]);
    const limited = await post('user-seller-005', 'seller-005', { answers });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post('user-seller-006', 'seller-006', { answers })).status).toBe(201);
  });
});
