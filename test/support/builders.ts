import {
  defaultDefinition,
  ScorecardDefinitionSchema,
  type Activity,
  type CheckIn,
  type Customer,
  type Deal,
  type ScorecardDefinition,
  type ScorecardDefinitionInput,
  type Seller,
  type Team,
} from '@balanced-scorecard/shared';

/** Small, readable record builders for hand-computed fixtures. */

export const TENANT = 'acme';
let seq = 0;
const nextId = (p: string) => `${p}-${++seq}`;

export function seller(overrides: Partial<Seller> = {}): Seller {
  return {
    tenantId: TENANT,
    id: 's1',
    externalId: '101',
    userId: 'u1',
    name: 'Sam Seller',
    email: 'sam@example.com',
    teamIds: ['t1'],
    managerIds: ['m1'],
    active: true,
    startedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function team(overrides: Partial<Team> = {}): Team {
  return { tenantId: TENANT, id: 't1', name: 'Team one', parentId: null, ...overrides };
}

export function activity(overrides: Partial<Activity> & Pick<Activity, 'at'>): Activity {
  return {
    tenantId: TENANT,
    id: nextId('a'),
    sellerId: 's1',
    type: 'call',
    durationMin: null,
    outcome: null,
    direction: 'outbound',
    contactId: null,
    companyId: null,
    dealId: null,
    logged: true,
    ...overrides,
  };
}

export function deal(overrides: Partial<Deal> & Pick<Deal, 'createdAt'>): Deal {
  return {
    tenantId: TENANT,
    id: nextId('d'),
    sellerId: 's1',
    amount: 1000,
    currency: 'EUR',
    closedAt: null,
    stage: 'open',
    isClosed: false,
    isWon: false,
    companyId: null,
    contactIds: [],
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> & Pick<Customer, 'createdAt'>): Customer {
  return {
    tenantId: TENANT,
    id: nextId('c'),
    kind: 'company',
    sellerId: 's1',
    becameCustomerAt: null,
    potential: null,
    satisfaction: null,
    ...overrides,
  };
}

export function checkIn(overrides: Partial<CheckIn> & Pick<CheckIn, 'at' | 'answers'>): CheckIn {
  return { tenantId: TENANT, sellerId: 's1', periodKey: overrides.at.slice(0, 7), by: 'self', note: null, ...overrides };
}

export function records(parts: Partial<{ sellers: Seller[]; teams: Team[]; activities: Activity[]; deals: Deal[]; customers: Customer[]; checkIns: CheckIn[] }>) {
  return { sellers: [seller()], teams: [team()], activities: [], deals: [], customers: [], checkIns: [], ...parts };
}

/** A definition holding only the given indicators (and the default check-in items), in UTC. */
export function definitionWith(indicators: ScorecardDefinitionInput['indicators'], overrides: Partial<ScorecardDefinitionInput> = {}): ScorecardDefinition {
  const base = defaultDefinition();
  return ScorecardDefinitionSchema.parse({ ...base, timeZone: 'UTC', indicators, ...overrides });
}

type IndicatorInput = ScorecardDefinitionInput['indicators'][number];

export function indicator(overrides: Partial<IndicatorInput> & Pick<IndicatorInput, 'id' | 'measure'>): IndicatorInput {
  return {
    level: 'activity' as const,
    label: overrides.id,
    unit: 'count' as const,
    target: { value: 10, per: 'month' as const },
    ...overrides,
  };
}
