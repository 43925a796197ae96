import { allows, answerAccess, POLICIES, resolveAccess, type Access, type Policy } from '../../../server/src/auth/access';

/** Every role against every rule: the seller s1 of team t1, managed by m1; s2 of team t2. */
const base = { tenantId: 'acme', name: 'x', roles: [], managedSellerIds: new Set<string>(), managedTeamIds: new Set<string>(), isAdmin: false, sellerId: null } as const;
const ROLES: Record<string, Access | null> = {
  nobody: null,
  seller1: { ...base, userId: 'u-s1', sellerId: 's1', roles: ['seller'] },
  seller2: { ...base, userId: 'u-s2', sellerId: 's2', roles: ['seller'] },
  manager1: { ...base, userId: 'u-m1', roles: ['manager'], managedSellerIds: new Set(['s1']), managedTeamIds: new Set(['t1']) },
  manager2: { ...base, userId: 'u-m2', roles: ['manager'], managedSellerIds: new Set(['s2']), managedTeamIds: new Set(['t2']) },
  admin: { ...base, userId: 'u-a', roles: ['admin'], isAdmin: true },
  knownNoRole: { ...base, userId: 'u-x', roles: ['none'] },
};

// Allowed callers per policy, for seller s1 / team t1.
const EXPECTED: Record<Policy, string[]> = {
  public: ['nobody', 'seller1', 'seller2', 'manager1', 'manager2', 'admin', 'knownNoRole'],
  signedIn: ['seller1', 'seller2', 'manager1', 'manager2', 'admin', 'knownNoRole'],
  admin: ['admin'],
  sellerReader: ['seller1', 'manager1', 'admin'],
  sellerManager: ['manager1', 'admin'],
  sellerOrTheirManager: ['seller1', 'manager1'],
  teamReader: ['manager1', 'admin'],
};

describe('route policies', () => {
  it('has an expectation for every policy', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...POLICIES].sort());
  });

  describe.each(POLICIES.map((p) => [p] as const))('%s', (policy) => {
    it.each(Object.keys(ROLES).map((r) => [r] as const))('as %s', (role) => {
      expect(allows(policy, ROLES[role]!, { sellerId: 's1', teamId: 't1' })).toBe(EXPECTED[policy].includes(role));
    });
  });

  it('refuses seller and team rules when the route names no seller or team', () => {
    for (const policy of ['sellerReader', 'sellerManager', 'sellerOrTheirManager', 'teamReader'] as const) expect(allows(policy, ROLES.admin!, {})).toBe(false);
  });

  it('treats ids named like object members as ids', () => {
    expect(allows('sellerReader', ROLES.manager1!, { sellerId: 'constructor' })).toBe(false);
    expect(allows('teamReader', ROLES.manager1!, { teamId: '__proto__' })).toBe(false);
  });
});

describe('who reads individual check-in answers', () => {
  it.each([
    ['seller1', 'manager', 'own'],
    ['seller1', 'aggregate', 'own'],
    ['manager1', 'manager', 'audited'],
    ['manager1', 'aggregate', 'hidden'],
    ['manager2', 'manager', 'hidden'],
    ['admin', 'manager', 'hidden'],
    ['admin', 'aggregate', 'hidden'],
    ['seller2', 'manager', 'hidden'],
  ] as const)('%s under "%s" visibility: %s', (role, visibility, expected) => {
    expect(answerAccess(ROLES[role]!, 's1', visibility)).toBe(expected);
  });
});

describe('resolving a user to their access', () => {
  const seller = (id: string, userId: string | null, teamIds: string[], managerIds: string[]) => ({ tenantId: 'acme', id, externalId: id, userId, name: `Seller ${id}`, email: null, teamIds, managerIds, active: true, startedAt: null });
  const data = {
    tenant: { tenantId: 'acme' },
    records: { sellers: [seller('s1', 'u-s1', ['t1'], ['u-m1']), seller('s2', 'u-s2', ['t2'], ['u-m2']), seller('s3', 'u-m1', ['t1'], ['u-m2'])] },
    teamsById: new Map(['t1', 't2', 't3'].map((id) => [id, { id }])),
    // The settings name u-lead manager of t2 and of t3 (no sellers yet), and of a team that is gone.
    managedTeamsByUser: new Map([['u-lead', new Set(['t2', 't3', 'gone'])]]),
  } as unknown as Parameters<typeof resolveAccess>[0];

  it('finds the own seller, the managed sellers and their teams, and admin rights', () => {
    const manager = resolveAccess(data, 'u-m1', { userId: 'u-m1', name: 'Mia Manager', email: null, isAdmin: false });
    expect(manager).toMatchObject({ tenantId: 'acme', userId: 'u-m1', name: 'Mia Manager', roles: ['manager', 'seller'], isAdmin: false, sellerId: 's3' });
    expect([...manager.managedSellerIds]).toEqual(['s1']);
    expect([...manager.managedTeamIds]).toEqual(['t1']);
    const second = resolveAccess(data, 'u-m2', undefined);
    expect([...second.managedSellerIds].sort()).toEqual(['s2', 's3']);
    expect([...second.managedTeamIds].sort()).toEqual(['t1', 't2']);
    expect(second.name).toBe('u-m2');
    const admin = resolveAccess(data, 'u-a', { userId: 'u-a', name: 'Ada Admin', email: null, isAdmin: true });
    expect(admin).toMatchObject({ roles: ['admin'], isAdmin: true, sellerId: null });
    expect(resolveAccess(data, 'u-s1', undefined)).toMatchObject({ roles: ['seller'], sellerId: 's1', name: 'Seller s1' });
    expect(resolveAccess(data, 'stranger', undefined)).toMatchObject({ roles: ['none'], sellerId: null, isAdmin: false });
  });

  it('makes a user the settings name manager of a team the manager of its sellers and of that team', () => {
    const lead = resolveAccess(data, 'u-lead', undefined);
    expect(lead.roles).toEqual(['manager']);
    expect([...lead.managedSellerIds]).toEqual(['s2']);
    expect([...lead.managedTeamIds].sort()).toEqual(['t2', 't3']);
    expect(allows('teamReader', lead, { teamId: 't3' })).toBe(true);
    expect(allows('teamReader', lead, { teamId: 't1' })).toBe(false);
    expect(allows('sellerManager', lead, { sellerId: 's1' })).toBe(false);
  });

  it('a seller in several teams is managed by the manager of any one of them; a manager of teams without sellers, or of sellers without a team, is a manager', () => {
    const more = {
      ...data,
      records: { sellers: [seller('s4', 'u-s4', ['t9', 't2'], []), seller('s5', 'u-s5', [], ['u-coach'])] },
      teamsById: new Map(['t2', 't3', 't9'].map((id) => [id, { id }])),
      managedTeamsByUser: new Map([['u-lead', new Set(['t2'])], ['u-new-lead', new Set(['t3'])]]),
    } as unknown as Parameters<typeof resolveAccess>[0];
    expect([...resolveAccess(more, 'u-lead', undefined).managedSellerIds]).toEqual(['s4']);
    const newLead = resolveAccess(more, 'u-new-lead', undefined);
    expect(newLead).toMatchObject({ roles: ['manager'] });
    expect([...newLead.managedSellerIds]).toEqual([]);
    const coach = resolveAccess(more, 'u-coach', undefined);
    expect(coach.roles).toEqual(['manager']);
    expect([...coach.managedSellerIds]).toEqual(['s5']);
    expect([...coach.managedTeamIds]).toEqual([]);
  });
});

