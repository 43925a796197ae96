import type { Activity, ActivityOutcome, ActivityType, CheckIn, Customer, Deal, RecordSet, Seller, Team } from '../model/records';
import { CHECK_IN_ITEMS } from '../templates/check-in-items';
import { createRandom, type Random } from './random';

/**
 * Seeded demo data (documented in docs/demo-data.md). Results are *caused* by planted traits:
 *
 * - followUp: share of meetings followed up within 24 h; raises meeting→deal conversion and win odds.
 * - multiThreading: contacts engaged per deal; raises win odds.
 * - responseHours: typical lead response time; fast answers turn more leads into meetings.
 * - meetingsPerWeek: meeting volume; more meetings, more deals.
 * - will: scales volume and win odds, shows in the will check-in items.
 * - skill: raises win odds, deal size and satisfaction; shows in product knowledge and sales skills.
 * - sellingTime: scales volume; shows in "time to sell".
 *
 * Pure noise, with no effect on any result: email volume, social touches, task volume, call length.
 */
export interface DemoOptions {
  tenantId: string;
  seed: number;
  /** The last instant of generated data. */
  now: string;
  months?: number;
  teams?: number;
  sellersPerTeam?: number;
  /** Multiplies the volume of calls, emails, tasks and social touches (not meetings or deals). */
  activityScale?: number;
  currency?: string;
}

export interface PlantedTraits {
  sellerId: string;
  will: number;
  skill: number;
  sellingTime: number;
  followUp: number;
  multiThreading: number;
  responseHours: number;
  meetingsPerWeek: number;
  emailsPerDay: number;
  socialPerWeek: number;
  /** A month index from which will drops sharply (a planted story), or null. */
  willDropFromMonth: number | null;
}

export interface DemoData extends RecordSet {
  traits: PlantedTraits[];
  managers: { userId: string; name: string; teamId: string }[];
  admins: { userId: string; name: string }[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TEAM_NAMES = ['Nordic Enterprise', 'Mid-Market', 'Inbound', 'Public Sector', 'Partners', 'Key Accounts'];
const FIRST = ['Ada', 'Bjørn', 'Camille', 'Dev', 'Elin', 'Farah', 'Gustav', 'Hanna', 'Ivan', 'Jonas', 'Kari', 'Liam', 'Maja', 'Nils', 'Olivia', 'Per', 'Rania', 'Sara', 'Tor', 'Ulla', 'Viktor', 'Wenche', 'Yusuf', 'Zofia'];
const LAST = ['Berg', 'Dahl', 'Eriksen', 'Falk', 'Haugen', 'Lund', 'Moen', 'Nygård', 'Olsen', 'Strand', 'Vik', 'Ahmed', 'Kowalski', 'Martin', 'Rossi', 'Tanaka'];

export function generateDemoData(options: DemoOptions): DemoData {
  const { data, steps } = planDemoData(options);
  for (const _ of steps) {
    // Every step runs; generated at once, there is nothing to pause for.
  }
  return data;
}

/**
 * The same data set, one seller at a time: `pause` is awaited between sellers, so a caller on an
 * event loop can answer other work meanwhile. The result is identical to generateDemoData's.
 */
export async function generateDemoDataInSteps(options: DemoOptions, pause: () => Promise<void>): Promise<DemoData> {
  const { data, steps } = planDemoData(options);
  for (const _ of steps) await pause();
  return data;
}

/** Teams, sellers and their planted traits at once; the sellers' records in steps of about a simulated month, to run in order. */
function planDemoData(options: DemoOptions): { data: DemoData; steps: Iterable<void> } {
  const rng = createRandom(options.seed);
  const months = options.months ?? 12;
  const teamCount = options.teams ?? 3;
  const perTeam = options.sellersPerTeam ?? 8;
  const scale = options.activityScale ?? 1;
  const currency = options.currency ?? 'EUR';
  const tenantId = options.tenantId;
  const endMs = Date.parse(options.now);
  if (!Number.isFinite(endMs)) throw new RangeError('now is not a valid instant');
  const startMs = endMs - Math.round(months * 30.44) * DAY;

  const teams: Team[] = [];
  const sellers: Seller[] = [];
  const traits: PlantedTraits[] = [];
  const managers: DemoData['managers'] = [];
  for (let t = 0; t < teamCount; t++) {
    const teamId = `team-${t + 1}`;
    teams.push({ tenantId, id: teamId, name: TEAM_NAMES[t % TEAM_NAMES.length]! + (t >= TEAM_NAMES.length ? ` ${Math.floor(t / TEAM_NAMES.length) + 1}` : ''), parentId: null });
    const managerId = `user-manager-${t + 1}`;
    managers.push({ userId: managerId, name: `${FIRST[(t * 7 + 3) % FIRST.length]} ${LAST[(t * 5 + 2) % LAST.length]} (manager)`, teamId });
    for (let s = 0; s < perTeam; s++) {
      const n = t * perTeam + s + 1;
      const id = `seller-${String(n).padStart(3, '0')}`;
      const isNew = s === perTeam - 1 && t % 2 === 0; // a few recent hires
      const first = FIRST[(n * 5) % FIRST.length]!;
      const last = LAST[(n * 3 + t) % LAST.length]!;
      sellers.push({
        tenantId,
        id,
        externalId: String(1000 + n),
        userId: `user-${id}`,
        name: `${first} ${last}`,
        email: `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${n}@demo.example`,
        teamIds: [teamId],
        managerIds: [managerId],
        active: true,
        startedAt: new Date(isNew ? endMs - 60 * DAY : startMs - rng.int(200, 2000) * DAY).toISOString(),
      });
      traits.push(drawTraits(rng, id, months));
    }
  }

  const out: DemoData = {
    sellers,
    teams,
    activities: [],
    deals: [],
    customers: [],
    checkIns: [],
    traits,
    managers,
    admins: [{ userId: 'user-admin', name: 'Demo admin' }],
  };
  function* steps(): Generator<void> {
    for (const [i, seller] of sellers.entries()) {
      yield* simulateSeller(rng, seller, traits[i]!, { tenantId, startMs, endMs, scale, currency }, out);
      yield;
    }
  }
  return { data: out, steps: steps() };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function drawTraits(rng: Random, sellerId: string, months: number): PlantedTraits {
  return {
    sellerId,
    will: clamp(rng.normal(0.65, 0.2), 0.1, 1),
    skill: clamp(rng.normal(0.6, 0.22), 0.1, 1),
    sellingTime: clamp(rng.normal(0.6, 0.18), 0.2, 1),
    followUp: clamp(rng.normal(0.55, 0.25), 0.05, 0.97),
    multiThreading: clamp(rng.normal(2.2, 0.9), 1, 4.5),
    responseHours: clamp(Math.exp(rng.normal(1.6, 0.9)), 0.3, 72),
    meetingsPerWeek: clamp(rng.normal(4.5, 1.4), 1.5, 8),
    emailsPerDay: clamp(rng.normal(10, 4), 2, 22),
    socialPerWeek: clamp(rng.normal(4, 3), 0, 14),
    willDropFromMonth: rng.chance(0.15) ? Math.max(1, months - rng.int(2, 4)) : null,
  };
}

interface SimContext {
  tenantId: string;
  startMs: number;
  endMs: number;
  scale: number;
  currency: string;
}

interface BookCompany {
  id: string;
  contacts: string[];
}

/** Simulates one seller's records; yields about once a simulated month, so a caller can pause between steps. */
function* simulateSeller(rng: Random, seller: Seller, tr: PlantedTraits, ctx: SimContext, out: DemoData): Generator<void> {
  const { tenantId } = ctx;
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${seller.id}-${++seq}`;
  const sellerStart = Math.max(ctx.startMs, Date.parse(seller.startedAt ?? new Date(ctx.startMs).toISOString()));

  // The seller's book: companies with contacts, some already customers.
  const book: BookCompany[] = [];
  const companies = new Map<string, Customer>();
  for (let c = 0; c < 30; c++) {
    const companyId = nextId('company');
    const createdAt = new Date(ctx.startMs - rng.int(30, 900) * DAY).toISOString();
    const isCustomer = rng.chance(0.35);
    const company: Customer = {
      tenantId,
      id: companyId,
      kind: 'company',
      sellerId: seller.id,
      createdAt,
      becameCustomerAt: isCustomer ? new Date(ctx.startMs - rng.int(1, 25) * DAY).toISOString() : null,
      potential: Math.round(Math.exp(rng.normal(11.3, 0.6)) / 100) * 100,
      satisfaction: isCustomer ? round1(clamp(rng.normal(5 + 3 * tr.skill + 1.2 * tr.followUp, 1.2), 0, 10)) : null,
    };
    out.customers.push(company);
    companies.set(companyId, company);
    const contacts: string[] = [];
    for (let k = rng.int(3, 6); k > 0; k--) {
      const contactId = nextId('contact');
      contacts.push(contactId);
      out.customers.push({ tenantId, id: contactId, kind: 'contact', sellerId: seller.id, createdAt, becameCustomerAt: null, potential: null, satisfaction: null });
    }
    book.push({ id: companyId, contacts });
  }

  const willAt = (ms: number) => {
    if (tr.willDropFromMonth === null) return tr.will;
    const monthIndex = Math.floor((ms - ctx.startMs) / (30.44 * DAY));
    return monthIndex >= tr.willDropFromMonth ? Math.max(0.1, tr.will * 0.45) : tr.will;
  };
  const push = (type: ActivityType, atMs: number, extra: Partial<Activity> = {}) => {
    if (atMs >= ctx.endMs) return;
    out.activities.push({
      tenantId,
      id: nextId('act'),
      sellerId: seller.id,
      type,
      at: new Date(atMs).toISOString(),
      durationMin: null,
      outcome: null,
      direction: 'outbound',
      contactId: null,
      companyId: null,
      dealId: null,
      logged: rng.chance(0.6 + 0.35 * tr.skill),
      ...extra,
    });
  };
  const workTime = (dayMs: number) => dayMs + (7 + rng.next() * 9) * HOUR;

  const firstDay = Math.floor(sellerStart / DAY) * DAY;
  for (let day = firstDay; day < ctx.endMs; day += DAY) {
    if ((day - firstDay) % (30 * DAY) === 0 && day > firstDay) yield;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const will = willAt(day);
    const volume = (0.5 + 0.7 * will) * (0.6 + 0.6 * tr.sellingTime);

    // Noise: calls, emails, tasks, social touches that do not move results.
    for (let k = rng.poisson(7 * volume * ctx.scale); k > 0; k--) {
      const company = rng.pick(book);
      const connected = rng.chance(0.35);
      const outcome: ActivityOutcome = connected ? 'connected' : rng.pick(['no_answer', 'left_voicemail', 'busy'] as const);
      const short = rng.chance(0.03);
      push('call', workTime(day), {
        outcome,
        durationMin: short ? 0.1 : connected ? round1(clamp(rng.normal(8, 5), 1, 45)) : round1(rng.next() * 1.5),
        contactId: rng.pick(company.contacts),
        companyId: company.id,
      });
    }
    for (let k = rng.poisson(tr.emailsPerDay * 0.6 * ctx.scale); k > 0; k--) {
      const company = rng.pick(book);
      push('email', workTime(day), { outcome: 'sent', contactId: rng.pick(company.contacts), companyId: company.id });
    }
    for (let k = rng.poisson(2 * ctx.scale); k > 0; k--) push('task', workTime(day), { outcome: rng.chance(0.85) ? 'completed' : null });
    for (let k = rng.poisson((tr.socialPerWeek / 5) * ctx.scale); k > 0; k--) {
      const company = rng.pick(book);
      push('social', workTime(day), { contactId: rng.pick(company.contacts), companyId: company.id });
    }

    // Inbound leads: fast responders turn more of them into meetings.
    if (rng.chance(0.35)) {
      const company = rng.pick(book);
      const leadId = nextId('lead');
      const createdMs = workTime(day);
      if (createdMs < ctx.endMs) {
        company.contacts.push(leadId);
        out.customers.push({ tenantId, id: leadId, kind: 'contact', sellerId: seller.id, createdAt: new Date(createdMs).toISOString(), becameCustomerAt: null, potential: null, satisfaction: null });
        const responseMs = clamp(Math.exp(rng.normal(Math.log(tr.responseHours), 0.6)), 0.1, 240) * HOUR;
        push(rng.chance(0.6) ? 'call' : 'email', createdMs + responseMs, { outcome: 'sent', contactId: leadId, companyId: company.id });
        const meetingChance = responseMs < 4 * HOUR ? 0.55 : responseMs < 24 * HOUR ? 0.3 : 0.12;
        if (rng.chance(meetingChance)) meeting(createdMs + responseMs + rng.int(1, 6) * DAY, company, leadId);
      }
    }

    // Meetings: volume scales with will and selling time.
    for (let k = rng.poisson((tr.meetingsPerWeek / 5) * (0.55 + 0.45 * will)); k > 0; k--) {
      const company = rng.pick(book);
      meeting(workTime(day), company, rng.pick(company.contacts));
    }
  }

  // Monthly check-ins: answers reflect will, skill and selling time, with noise.
  for (let m = ctx.startMs + 25 * DAY; m < ctx.endMs; m += 30.44 * DAY) {
    if (m < sellerStart || rng.chance(0.08)) continue;
    const will = willAt(m);
    const answer = (x: number) => clamp(Math.round(1 + 4 * x + rng.normal(0, 0.45)), 1, 5);
    const answers: Record<string, number> = {};
    for (const item of CHECK_IN_ITEMS) {
      const base =
        item.level === 'will' ? will : item.id === 'selling_time' ? tr.sellingTime : item.skill ? tr.skill : clamp(rng.normal(0.6, 0.15), 0, 1);
      answers[item.id] = answer(base);
    }
    const at = new Date(m);
    const checkIn: CheckIn = {
      tenantId,
      sellerId: seller.id,
      periodKey: `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`,
      by: 'self',
      answers,
      note: null,
      at: at.toISOString(),
    };
    out.checkIns.push(checkIn);
  }

  function meeting(atMs: number, company: BookCompany, contactId: string): void {
    if (atMs >= ctx.endMs) return;
    const will = willAt(atMs);
    const roll = rng.next();
    const outcome: ActivityOutcome = roll < 0.88 ? 'completed' : roll < 0.95 ? 'no_show' : 'canceled';
    const durationMin = rng.pick([30, 45, 60]);
    push('meeting', atMs, { outcome, durationMin, contactId, companyId: company.id, direction: null, logged: rng.chance(0.75 + 0.2 * tr.skill) });
    if (outcome !== 'completed') return;

    const followedUp = rng.chance(tr.followUp);
    const endOfMeeting = atMs + durationMin * 60_000;
    if (followedUp) push('email', endOfMeeting + rng.next() * 20 * HOUR, { outcome: 'sent', contactId, companyId: company.id });
    else if (rng.chance(0.4)) push('email', endOfMeeting + (30 + rng.next() * 60) * HOUR, { outcome: 'sent', contactId, companyId: company.id });

    const dealChance = 0.12 + 0.25 * (followedUp ? 1 : 0) + 0.08 * tr.skill;
    if (!rng.chance(dealChance)) return;
    const createdMs = atMs + rng.int(2, 20) * DAY;
    if (createdMs >= ctx.endMs) return;
    const threads = clamp(Math.round(rng.normal(tr.multiThreading, 0.6)), 1, company.contacts.length);
    const contactIds = [contactId, ...company.contacts.filter((c) => c !== contactId).slice(0, threads - 1)];
    const dealId = nextId('deal');
    const cycleDays = rng.int(20, 80);
    const closeMs = createdMs + cycleDays * DAY;
    // Multi-threading: touches with every contact on the deal while it is open.
    for (const c of contactIds) {
      for (let t = createdMs + rng.int(1, 10) * DAY; t < Math.min(closeMs, ctx.endMs); t += rng.int(8, 20) * DAY) {
        push(rng.chance(0.5) ? 'call' : 'email', t, { outcome: rng.chance(0.5) ? 'connected' : 'sent', contactId: c, companyId: company.id, dealId });
      }
    }
    const winOdds = clamp(0.05 + 0.22 * (followedUp ? 1 : 0) + 0.07 * (contactIds.length - 1) + 0.25 * tr.skill + 0.15 * will, 0.02, 0.9);
    const isClosed = closeMs < ctx.endMs;
    const isWon = isClosed && rng.chance(winOdds);
    const amount = Math.round((Math.exp(rng.normal(9.6, 0.5)) * (0.8 + 0.6 * tr.skill)) / 10) * 10;
    const deal: Deal = {
      tenantId,
      id: dealId,
      sellerId: seller.id,
      amount,
      currency: ctx.currency,
      createdAt: new Date(createdMs).toISOString(),
      closedAt: isClosed ? new Date(closeMs).toISOString() : null,
      stage: isClosed ? (isWon ? 'closedwon' : 'closedlost') : rng.pick(['qualification', 'proposal', 'negotiation']),
      isClosed,
      isWon,
      companyId: company.id,
      contactIds,
    };
    out.deals.push(deal);
    if (isWon) {
      const customer = companies.get(company.id);
      if (customer && customer.becameCustomerAt === null) {
        customer.becameCustomerAt = deal.closedAt;
        customer.satisfaction = round1(clamp(rng.normal(5 + 3 * tr.skill + 1.2 * tr.followUp, 1.2), 0, 10));
      }
    }
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
