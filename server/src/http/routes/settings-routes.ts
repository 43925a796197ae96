import { EmptyQuerySchema, TeamManagersResponseSchema, TeamManagersUpdateSchema, TeamParamsSchema, type TeamManagersResponse } from '@balanced-scorecard/shared';
import { AppError } from '../../errors/app-error';
import type { TenantData } from '../../scorecards/scorecard-service';
import { defineRoute } from '../route';

function teamManagers(data: TenantData): TeamManagersResponse {
  const sellerOfUser = new Map(data.records.sellers.filter((s) => s.userId !== null).map((s) => [s.userId!, s.id]));
  const named = new Map<string, string[]>();
  for (const [userId, teams] of data.managedTeamsByUser) for (const teamId of teams) named.set(teamId, [...(named.get(teamId) ?? []), userId]);
  return {
    teams: data.records.teams.map((team) => {
      const members = data.records.sellers.filter((s) => s.teamIds.includes(team.id));
      return {
        teamId: team.id,
        name: team.name,
        sellers: members.filter((s) => s.active).length,
        managerUserIds: (named.get(team.id) ?? []).sort(),
        crmManagerUserIds: [...new Set(members.flatMap((s) => s.managerIds))].sort(),
      };
    }),
    users: [...data.usersById.values()].map((u) => ({ userId: u.userId, name: u.name, email: u.email, isAdmin: u.isAdmin, sellerId: sellerOfUser.get(u.userId) ?? null })),
  };
}

export const settingsRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/settings/team-managers',
    summary: 'Each team with the managers the settings name and those the CRM names, and the users who can be named (admins)',
    tag: 'definition',
    policy: 'admin',
    query: EmptyQuerySchema,
    response: TeamManagersResponseSchema,
    errors: ['forbidden'],
    async handler({ access: a, deps }) {
      return teamManagers(await deps.scorecards.data(a.tenantId));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/settings/team-managers/:teamId',
    summary: "Name the users who manage a team besides those the CRM names, e.g. a sales lead who owns no records (admins)",
    tag: 'definition',
    policy: 'admin',
    params: TeamParamsSchema,
    query: EmptyQuerySchema,
    body: TeamManagersUpdateSchema,
    response: TeamManagersResponseSchema,
    errors: ['validation_failed', 'forbidden', 'not_found'],
    async handler({ access: a, deps, params, body }) {
      const data = await deps.scorecards.data(a.tenantId);
      if (!data.teamsById.has(params.teamId)) throw new AppError('not_found', `No team "${params.teamId}"`);
      const issues = body.userIds.flatMap((id, i) => (data.usersById.has(id) ? [] : [{ path: `body.userIds.${i}`, message: 'no user of this account' }]));
      if (issues.length > 0) throw new AppError('validation_failed', 'Unknown users', { issues });
      await deps.store.setTeamManagers(a.tenantId, params.teamId, body.userIds, a.userId);
      return teamManagers(await deps.scorecards.data(a.tenantId));
    },
  }),
];
