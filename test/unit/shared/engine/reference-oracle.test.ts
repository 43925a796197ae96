import fc from 'fast-check';
import {
  asOfInstant,
  compileMeasure,
  compileMeasureForPeriods,
  defaultDefinition,
  emptyActivityColumns,
  emptySellerRecords,
  indexBySeller,
  indexFromColumns,
  MeasureSpecSchema,
  type Activity,
  type CheckIn,
  type Customer,
  type Deal,
  type MeasureContext,
  type MeasureSpec,
  type SellerColumns,
  type SellerRecords,
} from '@balanced-scorecard/shared';
import { referenceMeasure, type ReferenceRecords } from '../../../../shared/src/engine/reference-measures';

/**
 * The engine's fast paths (columns, codes, derived tables, one pass over many periods) against the
 * reference evaluator, which reads plain records one by one: over random records, measures and
 * periods, every value must be the same, with the same nulls.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TENANT = 'acme';
const SELLERS = ['s1', 's2'];
const CONTACTS = ['k1', 'k2', 'k3', 'k4', 'k5'];
const COMPANIES = ['co1', 'co2', 'co3'];
const ITEMS = ['motivation', 'energy'];

const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const optional = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
// Days over about four months, mostly at midnight (where periods start and end), sometimes an hour
// or a millisecond off it: records on a boundary, ties and near misses all happen often.
const anyTimeMs = fc
  .tuple(fc.integer({ min: -20, max: 110 }), fc.constantFrom(0, 0, 0, 1, 6, 12, 23), fc.constantFrom(0, 0, 0, 1, -1, 1_800_000))
  .map(([day, hour, extra]) => FROM + day * DAY + hour * HOUR + extra);

/** Times of records: anywhere, or right on (or a few round days before or after) a period boundary, where rules differ by one millisecond. */
function timesNear(bounds: readonly number[]): fc.Arbitrary<number> {
  const near = fc.tuple(fc.constantFrom(...bounds), fc.constantFrom(0, 0, 0, -1, 1), fc.constantFrom(0, 0, -1, 1, -7, 7, -30, 30)).map(([b, ms, days]) => b + ms + days * DAY);
  return fc.oneof(anyTimeMs, near);
}
const iso = (ms: number) => new Date(ms).toISOString();

const activityArb = (timeMs: fc.Arbitrary<number>) => fc.record({
  sellerId: fc.constantFrom(...SELLERS),
  type: fc.constantFrom('call', 'meeting', 'email', 'task', 'note', 'message', 'social', 'visit' as const),
  at: timeMs,
  durationMin: maybe(fc.oneof(fc.constantFrom(0, 30, 60, 120), fc.integer({ min: 0, max: 240 }))),
  outcome: maybe(fc.constantFrom('completed', 'completed', 'connected', 'no_answer', 'sent', 'replied', 'no_show' as const)),
  direction: maybe(fc.constantFrom('inbound', 'outbound' as const)),
  contactId: maybe(fc.constantFrom(...CONTACTS)),
  companyId: maybe(fc.constantFrom(...COMPANIES)),
  dealId: maybe(fc.constantFrom('d1', 'd2')),
  logged: fc.boolean(),
});

/** A completed meeting and a touch some hours after it, so that follow-ups and conversions are common. */
const meetingPairArb = (timeMs: fc.Arbitrary<number>) => fc
  .record({ first: activityArb(timeMs), second: activityArb(timeMs), afterHours: fc.constantFrom(0, 1, 6, 24, 25, 30), sameContact: fc.boolean() })
  .map(({ first, second, afterHours, sameContact }) => [
    { ...first, type: 'meeting' as const, outcome: 'completed' as const },
    { ...second, sellerId: first.sellerId, at: first.at + afterHours * HOUR, contactId: sameContact ? first.contactId : second.contactId, companyId: sameContact ? first.companyId : second.companyId },
  ]);

const dealArb = (timeMs: fc.Arbitrary<number>) => fc
  .record({
    sellerId: fc.constantFrom(...SELLERS),
    createdAt: timeMs,
    closedAfterDays: maybe(fc.integer({ min: 0, max: 60 })),
    won: fc.boolean(),
    amount: maybe(fc.integer({ min: 0, max: 90_000 })),
    currency: fc.constantFrom('EUR', 'USD', 'JPY'),
    companyId: maybe(fc.constantFrom(...COMPANIES)),
    contactIds: fc.array(fc.constantFrom(...CONTACTS), { maxLength: 4 }),
  })
  .map((d) => ({ ...d, closedAt: d.closedAfterDays === null ? null : d.createdAt + d.closedAfterDays * DAY }));

const customerArb = (timeMs: fc.Arbitrary<number>) => fc.record({
  sellerId: maybe(fc.constantFrom(...SELLERS)),
  kind: fc.constantFrom('contact', 'company' as const),
  createdAt: timeMs,
  becameAfterDays: maybe(fc.integer({ min: 0, max: 90 })),
  potential: maybe(fc.integer({ min: 0, max: 300_000 })),
  satisfaction: maybe(fc.integer({ min: 0, max: 10 })),
});

const checkInArb = (timeMs: fc.Arbitrary<number>) => fc.record({
  sellerId: fc.constantFrom(...SELLERS),
  by: fc.constantFrom('self', 'manager' as const),
  at: timeMs,
  answers: fc.dictionary(fc.constantFrom(...ITEMS), fc.integer({ min: 1, max: 5 }), { maxKeys: 2 }),
});

interface Tenant {
  activities: Activity[];
  deals: Deal[];
  customers: Customer[];
  checkIns: CheckIn[];
}

/** A meeting (or any activity) and a deal created some round days later, with its contact or company. */
const dealAfterArb = (timeMs: fc.Arbitrary<number>) =>
  fc.record({ first: activityArb(timeMs), deal: dealArb(timeMs), afterDays: fc.constantFrom(0, 1, 7, 30, 31), byContact: fc.boolean() }).map(({ first, deal, afterDays, byContact }) => ({
    activity: { ...first, type: 'meeting' as const, outcome: 'completed' as const },
    deal: { ...deal, sellerId: first.sellerId, createdAt: first.at + afterDays * DAY, ...(byContact ? { contactIds: first.contactId === null ? [] : [first.contactId] } : { companyId: first.companyId }) },
  }));

/** A lead and the seller's touch of it some round hours later. */
const leadTouchArb = (timeMs: fc.Arbitrary<number>) =>
  fc.record({ lead: customerArb(timeMs), touch: activityArb(timeMs), afterHours: fc.constantFrom(0, 1, 6, 24, 48, 72) }).map(({ lead, touch, afterHours }) => ({ lead, touch, afterHours }));

const tenantArb = (timeMs: fc.Arbitrary<number>): fc.Arbitrary<Tenant> => fc
  .record({
    activities: fc.array(activityArb(timeMs), { maxLength: 40 }),
    pairs: fc.array(meetingPairArb(timeMs), { maxLength: 6 }),
    dealsAfter: fc.array(dealAfterArb(timeMs), { maxLength: 4 }),
    leads: fc.array(leadTouchArb(timeMs), { maxLength: 4 }),
    deals: fc.array(dealArb(timeMs), { maxLength: 12 }),
    customers: fc.array(customerArb(timeMs), { maxLength: 12 }),
    checkIns: fc.array(checkInArb(timeMs), { maxLength: 8 }),
  })
  .map((raw) => {
    // Leads are contact customers under the first contact ids; their touches use those ids.
    const leads = raw.leads.map((l, i) => ({ ...l, id: CONTACTS[i]!, sellerId: l.touch.sellerId }));
    const t = {
      activities: [...raw.activities, ...raw.pairs.flat(), ...raw.dealsAfter.map((p) => p.activity), ...leads.map((l) => ({ ...l.touch, contactId: l.id, at: l.lead.createdAt + l.afterHours * HOUR }))],
      deals: [...raw.deals, ...raw.dealsAfter.map((p) => p.deal)],
      customers: [...leads.map((l) => ({ ...l.lead, kind: 'contact' as const, sellerId: l.sellerId })), ...raw.customers],
      checkIns: raw.checkIns,
    };
    return {
    activities: t.activities.map((a, i) => ({ tenantId: TENANT, id: `a${i}`, ...a, at: iso(a.at) })),
    deals: t.deals.map((d, i) => ({
      tenantId: TENANT,
      id: `d${i}`,
      sellerId: d.sellerId,
      amount: d.amount,
      currency: d.currency,
      createdAt: iso(d.createdAt),
      closedAt: d.closedAt === null ? null : iso(d.closedAt),
      stage: d.closedAt === null ? 'open' : d.won ? 'won' : 'lost',
      isClosed: d.closedAt !== null,
      isWon: d.closedAt !== null && d.won,
      companyId: d.companyId,
      contactIds: d.contactIds,
    })),
    // Contacts are customers under the ids activities use; each id once.
    customers: t.customers.map((c, i) => ({
      tenantId: TENANT,
      id: c.kind === 'contact' ? (CONTACTS[i] ?? `lead${i}`) : `company${i}`,
      kind: c.kind,
      sellerId: c.sellerId,
      createdAt: iso(c.createdAt),
      becameCustomerAt: c.becameAfterDays === null ? null : iso(c.createdAt + c.becameAfterDays * DAY),
      potential: c.potential,
      satisfaction: c.satisfaction,
    })),
    checkIns: t.checkIns.map((c) => ({ tenantId: TENANT, sellerId: c.sellerId, periodKey: iso(c.at).slice(0, 7), by: c.by, answers: c.answers, note: null, at: iso(c.at) })),
    };
  });

const windowArb = fc.constantFrom('period', 'asOfEnd' as const);

function aggregateArb(): fc.Arbitrary<unknown> {
  const activities = fc.record({
    source: fc.constant('activities'),
    kind: fc.constantFrom('count', 'sum', 'average', 'median', 'distinctCount'),
    distinct: fc.constantFrom('contactId', 'companyId', 'dealId'),
    window: windowArb,
    filter: fc.record({
      types: optional(fc.subarray(['call', 'meeting', 'email', 'task', 'note', 'message', 'social', 'visit'], { minLength: 1 })),
      outcomes: optional(fc.subarray(['completed', 'connected', 'no_answer', 'sent', 'replied', 'no_show', 'bounced'], { minLength: 1 })),
      direction: optional(fc.constantFrom('inbound', 'outbound')),
      logged: optional(fc.boolean()),
      minDurationMin: optional(fc.integer({ min: 0, max: 120 })),
      hasContact: optional(fc.boolean()),
    }),
  });
  const deals = fc.record({
    source: fc.constant('deals'),
    kind: fc.constantFrom('count', 'sum', 'average', 'median', 'distinctCount'),
    dateField: optional(fc.constantFrom('createdAt', 'closedAt')),
    window: windowArb,
    filter: fc.record({ isClosed: optional(fc.boolean()), isWon: optional(fc.boolean()) }),
  });
  const customers = fc.record({
    source: fc.constant('customers'),
    kind: fc.constantFrom('count', 'sum', 'average', 'median', 'distinctCount'),
    number: fc.constantFrom('potential', 'satisfaction'),
    dateField: optional(fc.constantFrom('createdAt', 'becameCustomerAt')),
    window: windowArb,
    filter: fc.record({ kind: optional(fc.constantFrom('contact', 'company')) }),
  });
  return fc.oneof(activities, deals, customers).map((m) => {
    const { kind, source, window } = m;
    const dateField = 'dateField' in m ? m.dateField : undefined;
    const filter = Object.fromEntries(Object.entries(m.filter).filter(([, v]) => v !== undefined));
    const numberField = source === 'activities' ? 'durationMin' : source === 'deals' ? 'amount' : (m as { number: string }).number;
    const distinctField = source === 'activities' ? (m as { distinct: string }).distinct : source === 'deals' ? 'companyId' : 'id';
    const field = kind === 'count' ? {} : { field: kind === 'distinctCount' ? distinctField : numberField };
    return { kind, source, window, filter, ...field, ...(dateField === undefined ? {} : { dateField }) };
  });
}

const measureArb: fc.Arbitrary<MeasureSpec> = fc
  .oneof(
    { weight: 5, arbitrary: aggregateArb() },
    { weight: 2, arbitrary: fc.record({ numerator: aggregateArb(), denominator: aggregateArb(), scale: fc.constantFrom(1, 100) }).map((r) => ({ kind: 'ratio', ...r })) },
    { weight: 1, arbitrary: fc.record({ itemId: fc.constantFrom(...ITEMS), by: fc.constantFrom('self', 'manager'), lookbackDays: fc.oneof(fc.constantFrom(1, 7, 30), fc.integer({ min: 1, max: 120 })) }).map((r) => ({ kind: 'latest', ...r })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 26 }), fc.option(fc.uniqueArray(fc.constantFrom('call', 'email', 'task', 'message', 'social', 'visit'), { minLength: 1 }), { nil: undefined }))
        .map(([withinHours, types]) => ({ kind: 'followUpAfterMeeting', withinHours, ...(types ? { types } : {}) })),
    },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(1, 6, 24, 48, 72), fc.integer({ min: 1, max: 400 })).map((capHours) => ({ kind: 'leadResponseTime', capHours })) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(1, 7, 30), fc.integer({ min: 1, max: 60 })).map((lookbackDays) => ({ kind: 'contactsPerOpenDeal', lookbackDays })) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(1, 7, 30), fc.integer({ min: 1, max: 40 })).map((withinDays) => ({ kind: 'meetingToDealConversion', withinDays })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'potentialShare' }) },
  )
  .map((raw) => MeasureSpecSchema.parse(raw));

/** Contiguous periods of uneven lengths (as weeks, months and quarters are), starting anywhere in the data. */
const periodsArb = fc
  .record({ startDay: fc.integer({ min: -30, max: 100 }), hour: fc.constantFrom(0, 0, 0, 6), days: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }) })
  .map(({ startDay, hour, days }) => {
    const bounds = [FROM + startDay * DAY + hour * HOUR];
    for (const d of days) bounds.push(bounds[bounds.length - 1]! + d * DAY);
    return bounds.slice(1).map((endMs, i) => ({ startMs: bounds[i]!, endMs }));
  });

const toBaseCurrency = (amount: number, currency: string) => (currency === 'EUR' ? amount : currency === 'USD' ? amount * 0.9 : null);

/** The store's load shape: per seller, activities in time order as columns; the rest as records. */
function asColumns(tenant: Tenant): SellerColumns[] {
  const ids = [...new Set([...tenant.activities, ...tenant.deals, ...tenant.checkIns].map((r) => r.sellerId).concat(tenant.customers.flatMap((c) => (c.sellerId === null ? [] : [c.sellerId]))))];
  return ids.map((sellerId) => {
    const activities = emptyActivityColumns();
    const own = tenant.activities.filter((a) => a.sellerId === sellerId).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
    for (const a of own) {
      activities.at.push(Date.parse(a.at));
      activities.type.push(a.type);
      activities.durationMin.push(a.durationMin);
      activities.outcome.push(a.outcome);
      activities.direction.push(a.direction);
      activities.contactId.push(a.contactId);
      activities.companyId.push(a.companyId);
      activities.dealId.push(a.dealId);
      activities.logged.push(a.logged);
    }
    return {
      sellerId,
      activities,
      deals: tenant.deals.filter((d) => d.sellerId === sellerId),
      customers: tenant.customers.filter((c) => c.sellerId === sellerId),
      checkIns: tenant.checkIns.filter((c) => c.sellerId === sellerId),
    };
  });
}

function referenceRecords(tenant: Tenant, sellerId: string): ReferenceRecords {
  return {
    activities: tenant.activities.filter((a) => a.sellerId === sellerId),
    deals: tenant.deals.filter((d) => d.sellerId === sellerId),
    customers: tenant.customers.filter((c) => c.sellerId === sellerId),
    checkIns: tenant.checkIns.filter((c) => c.sellerId === sellerId),
  };
}

function expectSame(actual: number | null, expected: number | null, what: () => string): void {
  if (expected === null || actual === null) {
    if (actual !== expected) throw new Error(`${what()}: engine ${actual}, reference ${expected}`);
    return;
  }
  // Equal but for the last bits of sums added in another order.
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what()}: engine ${actual}, reference ${expected}`);
}

function checkAgainstReference(tenant: Tenant, measures: readonly MeasureSpec[], periods: { startMs: number; endMs: number }[], nowMs: number): void {
  const contexts: MeasureContext[] = periods.map((p) => ({ ...p, nowMs, asOfMs: asOfInstant(p.endMs, nowMs), toBaseCurrency }));
  const indexes: [string, ReadonlyMap<string, SellerRecords>][] = [
    ['records', indexBySeller(tenant)],
    ['columns', indexFromColumns(asColumns(tenant))],
  ];
  for (const measure of measures) {
    const one = compileMeasure(measure);
    const run = compileMeasureForPeriods(measure);
    // 's9' has no records at all: the service measures it on an empty entry.
    for (const sellerId of [...SELLERS, 's9']) {
      const reference = referenceRecords(tenant, sellerId);
      const expected = contexts.map((ctx) => referenceMeasure(measure, reference, ctx));
      for (const [built, index] of indexes) {
        const entry = index.get(sellerId) ?? emptySellerRecords();
        const out: (number | null)[] = [];
        run(entry, contexts, out);
        contexts.forEach((ctx, i) => {
          const what = (path: string) => () => `${JSON.stringify(measure)} for ${sellerId} in [${iso(ctx.startMs)}, ${iso(ctx.endMs)}) from ${built}, ${path}`;
          expectSame(one(entry, ctx), expected[i]!, what('one period'));
          expectSame(out[i] ?? null, expected[i]!, what('a run of periods'));
        });
      }
    }
  }
}

/** Periods, then records and a "now" drawn near their boundaries. */
const scenarioArb = periodsArb.chain((periods) => {
  const bounds = [periods[0]!.startMs, ...periods.map((p) => p.endMs)];
  const near = timesNear(bounds);
  // "Now" may also be a lead's cap after a boundary, where an unanswered lead starts to count.
  const nowMs = fc.oneof(near, fc.tuple(fc.constantFrom(...bounds), fc.constantFrom(1, 6, 24, 48, 72)).map(([b, h]) => b + h * HOUR));
  return fc.record({ periods: fc.constant(periods), tenant: tenantArb(near), nowMs });
});

describe('the engine against the reference evaluator', () => {
  it('gives every measure the reference value, with the same nulls, for every seller and period', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(measureArb, { minLength: 1, maxLength: 6 }), ({ tenant, periods, nowMs }, measures) => {
        checkAgainstReference(tenant, measures, periods, nowMs);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the default definition’s measures the reference values', () => {
    const measures = defaultDefinition().indicators.map((i) => i.measure);
    fc.assert(
      fc.property(scenarioArb, ({ tenant, periods, nowMs }) => {
        checkAgainstReference(tenant, measures, periods, nowMs);
      }),
      { numRuns: 150 },
    );
  });

  it('is itself held to hand-computed values', () => {
    // A check that the oracle is not trivially equal to anything: two calls in March, one logged.
    const activities: Activity[] = [
      { tenantId: TENANT, id: 'a1', sellerId: 's1', type: 'call', at: '2026-03-02T09:00:00.000Z', durationMin: 5, outcome: 'connected', direction: 'outbound', contactId: 'k1', companyId: null, dealId: null, logged: true },
      { tenantId: TENANT, id: 'a2', sellerId: 's1', type: 'call', at: '2026-03-03T09:00:00.000Z', durationMin: null, outcome: 'no_answer', direction: 'outbound', contactId: 'k2', companyId: null, dealId: null, logged: false },
    ];
    const march: MeasureContext = { startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z'), nowMs: Date.parse('2026-04-15T00:00:00Z'), asOfMs: Date.parse('2026-04-01T00:00:00Z'), toBaseCurrency };
    const records = { activities, deals: [], customers: [], checkIns: [] };
    const m = (spec: unknown) => referenceMeasure(MeasureSpecSchema.parse(spec), records, march);
    expect(m({ kind: 'count', source: 'activities', filter: { logged: true } })).toBe(1);
    expect(m({ kind: 'sum', source: 'activities', field: 'durationMin' })).toBe(5);
    expect(m({ kind: 'distinctCount', source: 'activities', field: 'contactId' })).toBe(2);
    expect(m({ kind: 'count', source: 'deals' })).toBeNull();
  });
});
