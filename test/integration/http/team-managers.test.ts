import request from 'supertest';
import { ErrorEnvelopeSchema, MeResponseSchema, TeamManagersResponseSchema } from '@balanced-scorecard/shared';
import { startTestService, type TestService } from '../../support/service';

/**
 * DESIGN §8: a user the CRM names as nobody's manager (a sales lead who owns no records) manages
 * a team once the settings name them; naming them again without the team takes it away.
 */
const ADMIN = 'user-admin';
const LEAD = 'user-sales-lead';
const MANAGER_1 = 'user-manager-1';

let svc: TestService;
const as = (user: string) => ({
  get: (path: string) => request(svc.app).get(path).set('x-demo-user', user),
  put: (path: string, body: object) => request(svc.app).put(path).set('x-demo-user', user).send(body),
});

beforeAll(async () => {
  svc = await startTestService();
  await svc.store.upsertUsers('demo', [{ userId: LEAD, name: 'Sales lead', email: 'lead@example.com', isAdmin: false }]);
});
afterAll(async () => {
  await svc.close();
});

describe('managers named in the settings', () => {
  it('lists each team with the CRM’s managers and the users who can be named', async () => {
    const res = await as(ADMIN).get('/api/v1/settings/team-managers');
    expect(res.status).toBe(200);
    const body = TeamManagersResponseSchema.parse(res.body);
    const team1 = body.teams.find((t) => t.teamId === 'team-1')!;
    expect(team1.crmManagerUserIds).toContain(MANAGER_1);
    expect(team1.managerUserIds).toEqual([]);
    expect(team1.sellers).toBeGreaterThan(0);
    expect(body.users.find((u) => u.userId === LEAD)).toEqual({ userId: LEAD, name: 'Sales lead', email: 'lead@example.com', isAdmin: false, sellerId: null });
    expect(body.users.find((u) => u.userId === 'user-seller-001')!.sellerId).toBe('seller-001');
  });

  it('makes a user who owns nothing the manager of a team, with its sellers and no other team', async () => {
    const before = MeResponseSchema.parse((await as(LEAD).get('/api/v1/me')).body);
    expect(before.roles).toEqual(['none']);
    expect((await as(LEAD).get('/api/v1/teams/team-1/scorecards')).status).toBe(403);

    const saved = await as(ADMIN).put('/api/v1/settings/team-managers/team-1', { userIds: [LEAD] });
    expect(saved.status).toBe(200);
    expect(TeamManagersResponseSchema.parse(saved.body).teams.find((t) => t.teamId === 'team-1')!.managerUserIds).toEqual([LEAD]);

    const me = MeResponseSchema.parse((await as(LEAD).get('/api/v1/me')).body);
    expect(me.roles).toEqual(['manager']);
    expect((await as(LEAD).get('/api/v1/teams/team-1/scorecards')).status).toBe(200);
    expect((await as(LEAD).get('/api/v1/teams/team-2/scorecards')).status).toBe(403);
    const teams = await as(LEAD).get('/api/v1/teams');
    expect(teams.body.teams.map((t: { teamId: string }) => t.teamId)).toEqual(['team-1']);
    const member = (await as(ADMIN).get('/api/v1/teams/team-1/scorecards')).body.sellers[0].sellerId as string;
    expect((await as(LEAD).get(`/api/v1/sellers/${member}/scorecard`)).status).toBe(200);

    const audit = await svc.store.listAudit('demo', 10);
    expect(audit.find((e) => e.action === 'team_managers.set')).toMatchObject({ actorUserId: ADMIN, detail: { teamId: 'team-1', userIds: [LEAD] } });

    expect((await as(ADMIN).put('/api/v1/settings/team-managers/team-1', { userIds: [] })).status).toBe(200);
    expect((await as(LEAD).get('/api/v1/teams/team-1/scorecards')).status).toBe(403);
    expect(MeResponseSchema.parse((await as(LEAD).get('/api/v1/me')).body).roles).toEqual(['none']);
  });

  it('refuses non-admins, unknown teams and unknown or repeated users, and writes nothing then', async () => {
    expect((await as(MANAGER_1).get('/api/v1/settings/team-managers')).status).toBe(403);
    expect((await as(MANAGER_1).put('/api/v1/settings/team-managers/team-1', { userIds: [MANAGER_1] })).status).toBe(403);
    const missing = await as(ADMIN).put('/api/v1/settings/team-managers/team-404', { userIds: [LEAD] });
    expect(missing.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(missing.body).error.code).toBe('not_found');
    const unknown = await as(ADMIN).put('/api/v1/settings/team-managers/team-1', { userIds: [LEAD, 'user-nobody'] });
    expect(unknown.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(unknown.body).error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.userIds.1', message: 'no user of this account' }] });
    const twice = await as(ADMIN).put('/api/v1/settings/team-managers/team-1', { userIds: [LEAD, LEAD] });
    expect(twice.status).toBe(400);
    const listed = TeamManagersResponseSchema.parse((await as(ADMIN).get('/api/v1/settings/team-managers')).body);
    expect(listed.teams.find((t) => t.teamId === 'team-1')!.managerUserIds).toEqual([]);
  });
});
