/**
 * The benchmark tenant of DESIGN §12: 1,000 sellers in 40 teams, 1,000,000 activities, 100,000
 * deals, customers and six months of check-ins, seeded, in store order (by seller, then time).
 * Shared by bench:engine and bench:load so both measure the same data.
 */
import {
  ACTIVITY_TYPES,
  createRandom,
  type Activity,
  type CheckIn,
  type Customer,
  type Deal,
  type Seller,
  type Team,
} from '@balanced-scorecard/shared';

const SELLERS = 1_000;
const ACTIVITIES = 1_000_000;
const DEALS = 100_000;
const CONTACTS_PER_SELLER = 60;
export const NOW = Date.parse('2026-11-26T12:00:00Z');
const SPAN_MS = 200 * 86_400_000; // the six trend months and a little before
export const BENCH_TENANT = 'bench';
const tenantId = BENCH_TENANT;

export function generateBenchTenant() {
  const rng = createRandom(7);
  const teams: Team[] = Array.from({ length: 40 }, (_, t) => ({ tenantId, id: `team-${t}`, name: `Team ${t}`, parentId: null }));
  const sellers: Seller[] = Array.from({ length: SELLERS }, (_, i) => ({
    tenantId,
    id: `s${i}`,
    externalId: String(i),
    userId: null,
    name: `Seller ${i}`,
    email: null,
    teamIds: [`team-${i % 40}`],
    managerIds: [],
    active: true,
    startedAt: null,
  }));
  const contactIds = sellers.map((s) => Array.from({ length: CONTACTS_PER_SELLER }, (_, c) => `${s.id}-c${c}`));
  const companyIds = sellers.map((s) => Array.from({ length: CONTACTS_PER_SELLER / 4 }, (_, c) => `${s.id}-co${c}`));
  const customers: Customer[] = [];
  sellers.forEach((s, i) => {
    for (const id of contactIds[i]!) {
      customers.push({ tenantId, id, kind: 'contact', sellerId: s.id, createdAt: iso(rng), becameCustomerAt: null, potential: null, satisfaction: null });
    }
    for (const id of companyIds[i]!) {
      const won = rng.chance(0.4);
      customers.push({ tenantId, id, kind: 'company', sellerId: s.id, createdAt: iso(rng), becameCustomerAt: won ? iso(rng) : null, potential: rng.int(10, 300) * 1000, satisfaction: won ? rng.int(3, 10) : null });
    }
  });
  const outcomes = ['completed', 'connected', 'no_answer', 'sent'] as const;
  // The store returns activities ordered by seller and time, and the service builds one object per
  // row in that order; generating them the same way gives the engine the memory layout it meets there.
  const activities: Activity[] = new Array(ACTIVITIES);
  const perSeller = ACTIVITIES / SELLERS;
  const times = new Float64Array(perSeller);
  for (let s = 0, i = 0; s < SELLERS; s++) {
    sortedInstants(rng, times);
    for (let k = 0; k < perSeller; k++, i++) {
      activities[i] = {
        tenantId,
        id: `a${i}`,
        sellerId: sellers[s]!.id,
        type: ACTIVITY_TYPES[rng.int(0, 6)]!,
        at: new Date(Math.round(times[k]!)).toISOString(),
        durationMin: rng.int(0, 60),
        outcome: outcomes[rng.int(0, 3)]!,
        direction: rng.chance(0.8) ? 'outbound' : 'inbound',
        contactId: rng.pick(contactIds[s]!),
        companyId: rng.pick(companyIds[s]!),
        dealId: null,
        logged: rng.chance(0.8),
      };
    }
  }
  // Deals too come in store order: by seller, then by creation.
  const deals: Deal[] = new Array(DEALS);
  const dealsPerSeller = DEALS / SELLERS;
  const created = new Float64Array(dealsPerSeller);
  for (let s = 0, i = 0; s < SELLERS; s++) {
    sortedInstants(rng, created);
    for (let k = 0; k < dealsPerSeller; k++, i++) {
      const createdMs = Math.round(created[k]!);
      const closed = rng.chance(0.6);
      deals[i] = {
        tenantId,
        id: `d${i}`,
        sellerId: sellers[s]!.id,
        amount: rng.int(1, 80) * 1000,
        currency: 'EUR',
        createdAt: new Date(createdMs).toISOString(),
        closedAt: closed ? new Date(Math.round(createdMs + rng.next() * (NOW - createdMs))).toISOString() : null,
        stage: closed ? 'closed' : 'open',
        isClosed: closed,
        isWon: closed && rng.chance(0.3),
        companyId: rng.pick(companyIds[s]!),
        contactIds: [rng.pick(contactIds[s]!), rng.pick(contactIds[s]!)],
      };
    }
  }
  const checkIns: CheckIn[] = [];
  for (const s of sellers) {
    for (let m = 0; m < 6; m++) {
      checkIns.push({ tenantId, sellerId: s.id, periodKey: `2026-${String(6 + m).padStart(2, '0')}`, by: 'self', answers: { motivation: rng.int(1, 5), energy: rng.int(1, 5), product_pride: rng.int(1, 5), goal_belief: rng.int(1, 5), selling_time: rng.int(1, 5), product_knowledge: rng.int(1, 5), sales_skills: rng.int(1, 5), tools_support: rng.int(1, 5) }, note: null, at: new Date(Date.UTC(2026, 5 + m, 20)).toISOString() });
    }
  }
  return { sellers, teams, activities, deals, customers, checkIns };
}

/** Fills `out` with random instants of the span, in ascending order (a seller's records as the store returns them). */
function sortedInstants(rng: ReturnType<typeof createRandom>, out: Float64Array): void {
  for (let k = 0; k < out.length; k++) out[k] = NOW - rng.next() * SPAN_MS;
  out.sort();
}

function iso(rng: ReturnType<typeof createRandom>): string {
  return new Date(NOW - rng.next() * SPAN_MS).toISOString();
}

