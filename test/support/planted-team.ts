import { createRandom, type Random } from '../../shared/src/demo/random';
import type { Activity, CheckIn, Customer, Deal, RecordSet, Seller } from '../../shared/src/model/records';

/**
 * A team whose results are driven by two planted behaviours and by nothing else — not by
 * activity volume: the share of meetings followed up within 24 h (a followed-up meeting's deal
 * is won far more often) and the contacts engaged per open deal (each one more raises the win
 * odds). Email, call, task and social volumes, call length, how often activities are logged and
 * every check-in answer are drawn independently of results: an analysis that reports them has
 * found noise. Seeded and deterministic; the records are in the documented import format.
 */
export const PLANTED_DRIVERS = ['follow_up_24h', 'contacts_per_open_deal'] as const;
export const PLANTED_NOISE = ['emails_sent', 'social_touches', 'tasks_done', 'call_minutes', 'calls_made', 'connected_calls', 'crm_data_quality', 'motivation', 'energy', 'product_pride', 'goal_belief', 'selling_time', 'product_knowledge', 'sales_skills', 'tools_support'] as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ITEMS = ['motivation', 'energy', 'product_pride', 'goal_belief', 'selling_time', 'product_knowledge', 'sales_skills', 'tools_support'];

export interface PlantedTeamOptions {
  seed: number;
  sellers: number;
  /** Months of records before `now`. */
  months: number;
  now: string;
  tenantId?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function generatePlantedTeam(options: PlantedTeamOptions): RecordSet {
  const tenantId = options.tenantId ?? 'planted';
  const rng = createRandom(options.seed);
  const nowMs = Date.parse(options.now);
  const startMs = Math.floor((nowMs - options.months * 30.5 * DAY) / DAY) * DAY;
  const out: RecordSet = { teams: [{ tenantId, id: 'team-1', name: 'Planted team', parentId: null }], sellers: [], activities: [], deals: [], customers: [], checkIns: [] };
  for (let s = 0; s < options.sellers; s++) {
    const seller: Seller = {
      tenantId,
      id: `seller-${String(s + 1).padStart(3, '0')}`,
      externalId: `ext-${s + 1}`,
      userId: null,
      name: `Seller ${s + 1}`,
      email: null,
      teamIds: ['team-1'],
      managerIds: [],
      active: true,
      startedAt: iso(startMs - 400 * DAY),
    };
    out.sellers.push(seller);
    simulate(rng, seller, out, startMs, nowMs);
  }
  return out;
}

function simulate(rng: Random, seller: Seller, out: RecordSet, startMs: number, nowMs: number): void {
  const { tenantId, id: sellerId } = seller;
  // The two drivers…
  const followUp = clamp(rng.normal(0.5, 0.25), 0.05, 0.95);
  const threading = clamp(rng.normal(2.2, 0.8), 1, 4);
  // …and the noise.
  const callsPerDay = clamp(rng.normal(6, 2), 1, 12);
  const emailsPerDay = clamp(rng.normal(9, 4), 1, 20);
  const tasksPerDay = clamp(rng.normal(2, 1), 0.2, 5);
  const socialPerDay = clamp(rng.normal(0.8, 0.6), 0, 3);
  const callMinutes = clamp(rng.normal(4, 1.5), 0.5, 10);
  const logged = clamp(rng.normal(0.8, 0.12), 0.4, 1);
  const answer = () => rng.int(1, 5);

  let n = 0;
  const next = (prefix: string) => `${sellerId}-${prefix}-${++n}`;
  const book = Array.from({ length: 150 }, (_, c) => ({ id: `${sellerId}-co-${c}`, contacts: Array.from({ length: 4 }, (_, k) => `${sellerId}-ct-${c}-${k}`) }));
  const customers = new Map<string, Customer>();
  for (const company of book) {
    const customer: Customer = { tenantId, id: company.id, kind: 'company', sellerId, createdAt: iso(startMs - 200 * DAY), becameCustomerAt: null, potential: Math.max(20_000, Math.round(rng.normal(200_000, 60_000))), satisfaction: null };
    customers.set(company.id, customer);
  }
  const activity = (a: Omit<Activity, 'tenantId' | 'sellerId' | 'id' | 'logged'> & { logged?: boolean }): void => {
    if (Date.parse(a.at) >= nowMs) return;
    out.activities.push({ tenantId, sellerId, id: next('a'), logged: a.logged ?? rng.chance(logged), ...a });
  };
  for (let day = startMs; day < nowMs; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const at = () => day + 8 * HOUR + Math.floor(rng.next() * 8 * HOUR);
    const prospect = () => `${sellerId}-prospect-${rng.int(1, 2000)}`;
    for (let k = rng.poisson(callsPerDay); k > 0; k--) {
      const connected = rng.chance(0.35);
      activity({ type: 'call', at: iso(at()), durationMin: connected ? Math.max(0.2, rng.normal(callMinutes, 1)) : rng.chance(0.05) ? 0.1 : 0.3, outcome: connected ? 'connected' : 'no_answer', direction: 'outbound', contactId: prospect(), companyId: null, dealId: null });
    }
    for (let k = rng.poisson(emailsPerDay); k > 0; k--) activity({ type: 'email', at: iso(at()), durationMin: null, outcome: 'sent', direction: 'outbound', contactId: prospect(), companyId: null, dealId: null });
    for (let k = rng.poisson(tasksPerDay); k > 0; k--) activity({ type: 'task', at: iso(at()), durationMin: null, outcome: 'completed', direction: null, contactId: null, companyId: null, dealId: null });
    for (let k = rng.poisson(socialPerDay); k > 0; k--) activity({ type: 'social', at: iso(at()), durationMin: null, outcome: null, direction: 'outbound', contactId: prospect(), companyId: null, dealId: null });
    // About six meetings a week with customers of the book, the same for every seller.
    for (let meeting = rng.poisson(1.3); meeting > 0; meeting--) {
    const company = rng.pick(book);
    const contact = rng.pick(company.contacts);
    const meetingAt = at();
    activity({ type: 'meeting', at: iso(meetingAt), durationMin: 45, outcome: 'completed', direction: 'outbound', contactId: contact, companyId: company.id, dealId: null, logged: true });
    const followedUp = rng.chance(followUp);
    if (followedUp) activity({ type: 'email', at: iso(meetingAt + 45 * 60_000 + rng.int(1, 20) * HOUR), durationMin: null, outcome: 'sent', direction: 'outbound', contactId: contact, companyId: company.id, dealId: null });
    if (!rng.chance(0.4)) continue;
    // A deal from the meeting, its buying group engaged as the seller multi-threads.
    const createdMs = meetingAt + rng.int(1, 5) * DAY;
    const engaged = Math.max(1, Math.min(company.contacts.length, Math.round(threading + rng.normal(0, 0.4))));
    const contacts = company.contacts.slice(0, engaged);
    const closeMs = createdMs + rng.int(20, 60) * DAY;
    for (let t = createdMs + 2 * DAY; t < Math.min(closeMs, nowMs); t += 6 * DAY) {
      // Messages: they touch the deal's contacts without adding to any call, email or meeting count.
      for (const c of contacts) activity({ type: 'message', at: iso(t + rng.int(0, 8) * HOUR), durationMin: null, outcome: 'sent', direction: 'outbound', contactId: c, companyId: company.id, dealId: null });
    }
    const odds = -2.8 + (followedUp ? 3.6 : 0) + 1.5 * (engaged - 2);
    const won = rng.chance(1 / (1 + Math.exp(-odds)));
    const closed = closeMs < nowMs;
    const deal: Deal = {
      tenantId,
      id: next('d'),
      sellerId,
      amount: Math.round(rng.normal(9_000, 1_500)),
      currency: 'EUR',
      createdAt: iso(createdMs),
      closedAt: closed ? iso(closeMs) : null,
      stage: closed ? (won ? 'closedwon' : 'closedlost') : 'qualified',
      isClosed: closed,
      isWon: closed && won,
      companyId: company.id,
      contactIds: company.contacts,
    };
    out.deals.push(deal);
    const customer = customers.get(company.id)!;
    if (deal.isWon && customer.becameCustomerAt === null) customers.set(company.id, { ...customer, becameCustomerAt: deal.closedAt, satisfaction: 8 });
    }
  }
  out.customers.push(...customers.values());
  // A monthly check-in, its answers drawn at random.
  for (let m = startMs; m < nowMs; m += 30.5 * DAY) {
    const at = new Date(m + 25 * DAY);
    if (at.getTime() >= nowMs) break;
    const periodKey = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
    const checkIn: CheckIn = { tenantId, sellerId, periodKey, by: 'self', answers: Object.fromEntries(ITEMS.map((i) => [i, answer()])), note: null, at: at.toISOString() };
    out.checkIns.push(checkIn);
  }
}
