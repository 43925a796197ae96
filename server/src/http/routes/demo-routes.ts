import { DemoUsersResponseSchema, EmptyQuerySchema, type DemoUsersResponse, type Role } from '@balanced-scorecard/shared';
import { resolveAccess } from '../../auth/access';
import { defineRoute } from '../route';

/** Demo mode only (createApp does not mount these otherwise): the people a visitor may view as. */
export const demoRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/demo/users',
    summary: 'Demo mode only: the demo tenant’s users, to view the product as a seller, a manager or an admin',
    tag: 'demo',
    policy: 'public',
    query: EmptyQuerySchema,
    response: DemoUsersResponseSchema,
    async handler({ deps }): Promise<DemoUsersResponse> {
      const tenantId = deps.config.demo.tenantId;
      const data = await deps.scorecards.data(tenantId);
      const users = await deps.store.listUsers(tenantId);
      const rank: Record<Role, number> = { admin: 0, manager: 1, seller: 2, none: 3 };
      return {
        users: users
          .map((u) => {
            const access = resolveAccess(data, u.userId, u);
            const role = access.roles[0] ?? 'none';
            const teamId = access.sellerId ? data.sellersById.get(access.sellerId)?.teamIds[0] : [...access.managedTeamIds][0];
            return { userId: u.userId, name: u.name, role, teamName: (teamId && data.teamsById.get(teamId)?.name) || null };
          })
          .sort((x, y) => rank[x.role] - rank[y.role] || x.name.localeCompare(y.name)),
      };
    },
  }),
];
