import type { Role } from '@balanced-scorecard/shared';
import type { TenantData } from '../scorecards/scorecard-service';
import type { User } from '../store/store';

/**
 * What a signed-in user may see (DESIGN §7, §8): a seller their own scorecard, a manager the
 * sellers who name them as manager and those sellers' teams, and every seller of a team the
 * settings name them manager of; an admin everything in the tenant.
 * Individual check-in answers: the seller always; their managers only when the tenant's
 * willVisibility is "manager" (and each such read is audited); nobody else.
 */
export interface Access {
  tenantId: string;
  userId: string;
  name: string;
  roles: Role[];
  isAdmin: boolean;
  sellerId: string | null;
  managedSellerIds: ReadonlySet<string>;
  managedTeamIds: ReadonlySet<string>;
}

export function resolveAccess(data: TenantData, userId: string, user: User | undefined): Access {
  const own = data.records.sellers.find((s) => s.userId === userId) ?? null;
  const namedTeams = data.managedTeamsByUser.get(userId) ?? new Set<string>();
  const managed = data.records.sellers.filter((s) => s.managerIds.includes(userId) || s.teamIds.some((t) => namedTeams.has(t)));
  const managedTeamIds = new Set([...managed.flatMap((s) => s.teamIds), ...[...namedTeams].filter((t) => data.teamsById.has(t))]);
  const isAdmin = user?.isAdmin ?? false;
  const roles: Role[] = [];
  if (isAdmin) roles.push('admin');
  if (managed.length > 0 || managedTeamIds.size > 0) roles.push('manager');
  if (own) roles.push('seller');
  if (roles.length === 0) roles.push('none');
  return {
    tenantId: data.tenant.tenantId,
    userId,
    name: user?.name ?? own?.name ?? userId,
    roles,
    isAdmin,
    sellerId: own?.id ?? null,
    managedSellerIds: new Set(managed.map((s) => s.id)),
    managedTeamIds,
  };
}

function canReadSeller(access: Access, sellerId: string): boolean {
  return access.isAdmin || access.sellerId === sellerId || access.managedSellerIds.has(sellerId);
}

function canManageSeller(access: Access, sellerId: string): boolean {
  return access.isAdmin || access.managedSellerIds.has(sellerId);
}

export function canReadTeam(access: Access, teamId: string): boolean {
  return access.isAdmin || access.managedTeamIds.has(teamId);
}

/** Team aggregates of will answers are shown only from this many answering sellers (DESIGN §7). */
export const AGGREGATE_MINIMUM = 5;

export type AnswerAccess = 'own' | 'audited' | 'hidden';

export function answerAccess(access: Access, sellerId: string, willVisibility: 'manager' | 'aggregate'): AnswerAccess {
  if (access.sellerId === sellerId) return 'own';
  if (willVisibility === 'manager' && access.managedSellerIds.has(sellerId)) return 'audited';
  return 'hidden';
}

/**
 * Who may call a route, declared by the route and enforced by one step before its handler
 * (register-routes.ts), so a new route cannot forget it:
 * - `public`: anyone, signed in or not;
 * - `signedIn`: any user the tenant knows;
 * - `admin`: the tenant's admins;
 * - `sellerReader`: the seller of `:sellerId` themself, their managers, admins;
 * - `sellerManager`: the managers of `:sellerId`, admins;
 * - `sellerOrTheirManager`: the seller of `:sellerId` themself or their managers (not admins as such);
 * - `teamReader`: the managers of `:teamId`, admins.
 */
export const POLICIES = ['public', 'signedIn', 'admin', 'sellerReader', 'sellerManager', 'sellerOrTheirManager', 'teamReader'] as const;
export type Policy = (typeof POLICIES)[number];

export interface PolicyTarget {
  sellerId?: string;
  teamId?: string;
}

export function allows(policy: Policy, access: Access | null, target: PolicyTarget): boolean {
  if (policy === 'public') return true;
  if (!access) return false;
  switch (policy) {
    case 'signedIn':
      return true;
    case 'admin':
      return access.isAdmin;
    case 'sellerReader':
      return target.sellerId !== undefined && canReadSeller(access, target.sellerId);
    case 'sellerManager':
      return target.sellerId !== undefined && canManageSeller(access, target.sellerId);
    case 'sellerOrTheirManager':
      return target.sellerId !== undefined && (access.sellerId === target.sellerId || access.managedSellerIds.has(target.sellerId));
    case 'teamReader':
      return target.teamId !== undefined && canReadTeam(access, target.teamId);
  }
}

/** What a caller the policy refuses is told. */
export const REFUSAL: Readonly<Record<Exclude<Policy, 'public' | 'signedIn'>, string>> = {
  admin: 'Only an admin may do this',
  sellerReader: 'You may not see this seller',
  sellerManager: 'Only the seller’s manager or an admin may do this',
  sellerOrTheirManager: 'Only the seller or their manager may do this',
  teamReader: 'You may not review this team',
};
