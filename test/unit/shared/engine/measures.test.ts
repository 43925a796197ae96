import { asOfInstant, evaluateMeasure, indexBySeller, MeasureSpecSchema, type MeasureSpec, type RecordSet } from '@balanced-scorecard/shared';
import { activity, checkIn, customer, deal } from '../../../support/builders';

// March 2026 in UTC.
const MARCH = { startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z') };
const NOW = Date.parse('2026-06-01T00:00:00Z');

function measure(spec: unknown, parts: Partial<RecordSet>, window = MARCH, toBase = (a: number, c: string) => (c === 'EUR' ? a : c === 'USD' ? a * 0.9 : null), nowMs = NOW) {
  const parsed: MeasureSpec = MeasureSpecSchema.parse(spec);
  const index = indexBySeller({ activities: [], deals: [], customers: [], checkIns: [], ...parts });
  const records = index.get('s1');
  if (!records) throw new Error('fixture has no records for s1');
  return evaluateMeasure(parsed, records, { ...window, nowMs, asOfMs: asOfInstant(window.endMs, nowMs), toBaseCurrency: toBase });
}

/** March as the running month, measured at `now`. */
const inMarchAt = (now: string) => (spec: unknown, parts: Partial<RecordSet>) => measure(spec, parts, MARCH, undefined, Date.parse(now));

describe('aggregate measures', () => {
  const acts = [
    activity({ at: '2026-02-28T23:59:59Z', type: 'call', outcome: 'connected', durationMin: 50, contactId: 'k0' }),
    activity({ at: '2026-03-01T00:00:00Z', type: 'call', outcome: 'connected', durationMin: 4, contactId: 'k1' }),
    activity({ at: '2026-03-05T10:00:00Z', type: 'call', outcome: 'no_answer', durationMin: 1, contactId: 'k1', logged: false }),
    activity({ at: '2026-03-06T10:00:00Z', type: 'call', outcome: 'connected', durationMin: 10, contactId: 'k2' }),
    activity({ at: '2026-03-20T10:00:00Z', type: 'meeting', outcome: 'completed', durationMin: 60, contactId: 'k1', direction: null }),
    activity({ at: '2026-03-31T23:59:59Z', type: 'email', outcome: 'sent', contactId: 'k3' }),
    activity({ at: '2026-04-01T00:00:00Z', type: 'call', outcome: 'connected', durationMin: 7, contactId: 'k4' }),
  ];

  it('counts the period’s matching activities, boundaries included at the start and excluded at the end', () => {
    expect(measure({ kind: 'count', source: 'activities', filter: { types: ['call'], outcomes: ['connected'] } }, { activities: acts })).toBe(2);
    expect(measure({ kind: 'count', source: 'activities' }, { activities: acts })).toBe(5);
    expect(measure({ kind: 'count', source: 'activities', filter: { logged: false } }, { activities: acts })).toBe(1);
    expect(measure({ kind: 'count', source: 'activities', filter: { direction: 'outbound' } }, { activities: acts })).toBe(4);
  });

  it('sums, averages and takes medians of a numeric field, skipping empty values', () => {
    const calls = { types: ['call'] };
    expect(measure({ kind: 'sum', source: 'activities', field: 'durationMin', filter: calls }, { activities: acts })).toBe(15);
    expect(measure({ kind: 'average', source: 'activities', field: 'durationMin', filter: calls }, { activities: acts })).toBe(5);
    expect(measure({ kind: 'median', source: 'activities', field: 'durationMin', filter: calls }, { activities: acts })).toBe(4);
    expect(measure({ kind: 'median', source: 'activities', field: 'durationMin' }, { activities: acts })).toBe(7);
    expect(measure({ kind: 'average', source: 'activities', field: 'durationMin', filter: { types: ['task'] } }, { activities: acts })).toBeNull();
  });

  it('counts distinct contacts', () => {
    expect(measure({ kind: 'distinctCount', source: 'activities', field: 'contactId' }, { activities: acts })).toBe(3);
  });

  it('counts distinct companies and deals of the seller’s own activities, whatever the order of the input', () => {
    const own = [
      activity({ at: '2026-03-02T10:00:00Z', companyId: 'co1', dealId: 'd1' }),
      activity({ at: '2026-03-03T10:00:00Z', companyId: 'co2', dealId: 'd1' }),
      activity({ at: '2026-03-04T10:00:00Z', companyId: 'co1', dealId: null }),
    ];
    const others = [activity({ sellerId: 's2', at: '2026-03-02T11:00:00Z', companyId: 'co9', dealId: 'd9' }), activity({ sellerId: 's2', at: '2026-03-05T11:00:00Z', companyId: 'co8', dealId: 'd8' })];
    const companies = { kind: 'distinctCount', source: 'activities', field: 'companyId' };
    const deals = { kind: 'distinctCount', source: 'activities', field: 'dealId' };
    for (const activities of [[...others, ...own], [own[2]!, others[1]!, own[0]!, others[0]!, own[1]!]]) {
      expect(measure(companies, { activities })).toBe(2);
      expect(measure(deals, { activities })).toBe(1);
    }
  });

  it('is grey (null) until the seller’s first activity, then a real zero, as deals and customers are', () => {
    const spec = { kind: 'count', source: 'activities', filter: { types: ['meeting'] } };
    expect(measure(spec, { activities: acts })).toBe(1);
    // An activity in February and none in March: March is a real 0, not grey.
    expect(measure(spec, { activities: [acts[0]!] })).toBe(0);
    expect(measure({ kind: 'sum', source: 'activities', field: 'durationMin' }, { activities: [acts[0]!] })).toBe(0);
    // Some activity but no meeting is a real zero.
    expect(measure(spec, { activities: [acts[1]!] })).toBe(0);
    // The first activity only in April: March is grey.
    expect(measure(spec, { activities: [activity({ at: '2026-04-02T10:00:00Z', type: 'meeting' })] })).toBeNull();
    // The same rule for deals: a deal created in February, none won in March, is a real 0.
    expect(measure({ kind: 'count', source: 'deals', filter: { isWon: true } }, { deals: [deal({ createdAt: '2026-02-01T00:00:00Z' })] })).toBe(0);
    expect(measure({ kind: 'count', source: 'deals', filter: { isWon: true } }, { deals: [deal({ createdAt: '2026-04-01T00:00:00Z' })] })).toBeNull();
  });

  it('in the running period, counts "as of the end" only what exists by now, and the null rule by now', () => {
    const open = { kind: 'count', source: 'deals', dateField: 'createdAt', filter: { isClosed: false }, window: 'asOfEnd' };
    const deals = [deal({ createdAt: '2026-02-10T00:00:00Z', closedAt: null }), deal({ createdAt: '2026-03-20T00:00:00Z', closedAt: null })];
    // On 10 March 08:00 the deal of the 20th does not exist yet.
    expect(inMarchAt('2026-03-10T08:00:00Z')(open, { deals })).toBe(1);
    expect(measure(open, { deals })).toBe(2);
    // A seller whose first activity comes later today is grey this morning.
    const spec = { kind: 'count', source: 'activities' };
    expect(inMarchAt('2026-03-01T08:00:00Z')(spec, { activities: [activity({ at: '2026-03-01T09:00:00Z' })] })).toBeNull();
    expect(inMarchAt('2026-03-01T10:00:00Z')(spec, { activities: [activity({ at: '2026-03-01T09:00:00Z' })] })).toBe(1);
  });

  it('sums won deal amounts in the base currency by close date', () => {
    const deals = [
      deal({ createdAt: '2026-01-10T00:00:00Z', closedAt: '2026-03-10T00:00:00Z', isClosed: true, isWon: true, amount: 1000 }),
      deal({ createdAt: '2026-01-10T00:00:00Z', closedAt: '2026-03-11T00:00:00Z', isClosed: true, isWon: true, amount: 2000, currency: 'USD' }),
      deal({ createdAt: '2026-01-10T00:00:00Z', closedAt: '2026-03-12T00:00:00Z', isClosed: true, isWon: false, amount: 5000 }),
      deal({ createdAt: '2026-01-10T00:00:00Z', closedAt: '2026-04-02T00:00:00Z', isClosed: true, isWon: true, amount: 7000 }),
      deal({ createdAt: '2026-03-15T00:00:00Z', amount: 9000 }),
    ];
    expect(measure({ kind: 'sum', source: 'deals', field: 'amount', dateField: 'closedAt', filter: { isWon: true } }, { deals })).toBe(2800);
    expect(measure({ kind: 'count', source: 'deals', dateField: 'createdAt' }, { deals })).toBe(1);
    expect(
      measure(
        {
          kind: 'ratio',
          numerator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isWon: true } },
          denominator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isClosed: true } },
          scale: 100,
        },
        { deals },
      ),
    ).toBeCloseTo(200 / 3, 10);
  });

  it('gives a ratio no value when there is nothing to divide by', () => {
    const deals = [deal({ createdAt: '2026-01-10T00:00:00Z' })];
    const spec = {
      kind: 'ratio',
      numerator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isWon: true } },
      denominator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isClosed: true } },
    };
    expect(measure(spec, { deals })).toBeNull();
  });

  it('reads customers in the period or as of its end', () => {
    const customers = [
      customer({ createdAt: '2025-01-01T00:00:00Z', becameCustomerAt: '2026-03-03T00:00:00Z', satisfaction: 6 }),
      customer({ createdAt: '2025-01-01T00:00:00Z', becameCustomerAt: '2025-12-03T00:00:00Z', satisfaction: 9 }),
      customer({ createdAt: '2025-01-01T00:00:00Z', becameCustomerAt: '2026-04-03T00:00:00Z', satisfaction: 1 }),
      customer({ createdAt: '2025-01-01T00:00:00Z', kind: 'contact' }),
    ];
    expect(measure({ kind: 'count', source: 'customers', dateField: 'becameCustomerAt' }, { customers })).toBe(1);
    expect(measure({ kind: 'average', source: 'customers', field: 'satisfaction', dateField: 'becameCustomerAt', window: 'asOfEnd' }, { customers })).toBe(7.5);
    expect(measure({ kind: 'count', source: 'customers', window: 'asOfEnd', filter: { kind: 'contact' } }, { customers })).toBe(1);
  });

  it('rejects fields, dates and filters that do not belong to the source', () => {
    expect(MeasureSpecSchema.safeParse({ kind: 'sum', source: 'activities', field: 'amount' }).success).toBe(false);
    expect(MeasureSpecSchema.safeParse({ kind: 'count', source: 'deals', dateField: 'at' }).success).toBe(false);
    expect(MeasureSpecSchema.safeParse({ kind: 'count', source: 'deals', filter: { types: ['call'] } }).success).toBe(false);
    expect(MeasureSpecSchema.safeParse({ kind: 'count', source: 'activities', extra: 1 }).success).toBe(false);
  });
});

describe('latest check-in item', () => {
  it('takes the newest self answer before the period end within the look-back', () => {
    const checkIns = [
      checkIn({ at: '2026-02-20T00:00:00Z', answers: { motivation: 2 } }),
      checkIn({ at: '2026-03-20T00:00:00Z', answers: { motivation: 4 } }),
      checkIn({ at: '2026-03-25T00:00:00Z', answers: { motivation: 1 }, by: 'manager' }),
      checkIn({ at: '2026-04-02T00:00:00Z', answers: { motivation: 5 } }),
    ];
    expect(measure({ kind: 'latest', itemId: 'motivation' }, { checkIns })).toBe(4);
    expect(measure({ kind: 'latest', itemId: 'motivation', by: 'manager' }, { checkIns })).toBe(1);
    expect(measure({ kind: 'latest', itemId: 'energy' }, { checkIns })).toBeNull();
    expect(measure({ kind: 'latest', itemId: 'motivation', lookbackDays: 5 }, { checkIns: [checkIns[0]!] })).toBeNull();
  });
});

describe('behaviour measures', () => {
  const meeting = (at: string, contactId: string | null, companyId: string | null = null) =>
    activity({ at, type: 'meeting', outcome: 'completed', durationMin: 60, contactId, companyId, direction: null });

  it('follow-up within N hours: counts meetings with an outbound touch to the same contact after the meeting ends', () => {
    const activities = [
      meeting('2026-03-02T09:00:00Z', 'k1'), // followed by email at +20h
      activity({ at: '2026-03-03T05:00:00Z', type: 'email', contactId: 'k1' }),
      meeting('2026-03-04T09:00:00Z', 'k2'), // touch at +30h: too late
      activity({ at: '2026-03-05T16:00:00Z', type: 'call', contactId: 'k2' }),
      meeting('2026-03-06T09:00:00Z', 'k3'), // only an inbound email and a touch to someone else
      activity({ at: '2026-03-06T12:00:00Z', type: 'email', contactId: 'k3', direction: 'inbound' }),
      activity({ at: '2026-03-06T12:00:00Z', type: 'email', contactId: 'k9' }),
      meeting('2026-03-08T09:00:00Z', null, 'co1'), // company-only meeting, followed up at the company
      activity({ at: '2026-03-08T15:00:00Z', type: 'task', companyId: 'co1' }),
      activity({ at: '2026-03-09T09:00:00Z', type: 'meeting', outcome: 'no_show', contactId: 'k4' }), // not completed: not counted
    ];
    // By default only an email, call or message counts: the task at the company does not.
    expect(measure({ kind: 'followUpAfterMeeting', withinHours: 24 }, { activities })).toBe(25);
    expect(measure({ kind: 'followUpAfterMeeting', withinHours: 24, types: ['email', 'call', 'message', 'task'] }, { activities })).toBe(50);
    expect(measure({ kind: 'followUpAfterMeeting', withinHours: 48, types: ['email', 'call', 'task'] }, { activities })).toBe(75);
    expect(measure({ kind: 'followUpAfterMeeting' }, { activities: [activities[1]!] })).toBeNull();
  });

  it('follow-up: outbound only, from the end of the meeting, and a meeting counts once its window has closed', () => {
    const activities = [
      meeting('2026-03-02T09:00:00Z', 'k1'), // ends 10:00; an undirected call at +1 h does not count
      activity({ at: '2026-03-02T11:00:00Z', type: 'call', contactId: 'k1', direction: null }),
      meeting('2026-03-03T09:00:00Z', 'k2'), // ends 10:00; an email 23 h 30 after its end (24 h 30 after its start) counts
      activity({ at: '2026-03-04T09:30:00Z', type: 'email', contactId: 'k2' }),
      meeting('2026-03-05T09:00:00Z', 'k3'), // its window closes 6 March 10:00
      activity({ at: '2026-03-05T12:00:00Z', type: 'email', contactId: 'k3' }),
    ];
    expect(measure({ kind: 'followUpAfterMeeting' }, { activities })).toBeCloseTo(200 / 3, 10);
    // On 6 March 09:59 the third meeting's window is still open: it is not counted yet (1 of 2).
    expect(inMarchAt('2026-03-06T09:59:00Z')({ kind: 'followUpAfterMeeting' }, { activities })).toBe(50);
    expect(inMarchAt('2026-03-06T10:00:00Z')({ kind: 'followUpAfterMeeting' }, { activities })).toBeCloseTo(200 / 3, 10);
    // No meeting whose window has closed: nothing to measure yet.
    expect(inMarchAt('2026-03-02T12:00:00Z')({ kind: 'followUpAfterMeeting' }, { activities })).toBeNull();
    expect(() => MeasureSpecSchema.parse({ kind: 'followUpAfterMeeting', types: ['meeting'] })).toThrow();
    expect(() => MeasureSpecSchema.parse({ kind: 'followUpAfterMeeting', types: ['email', 'email'] })).toThrow();
    expect(() => MeasureSpecSchema.parse({ kind: 'followUpAfterMeeting', types: [] })).toThrow();
  });

  it('lead response time: median hours from a new lead to the first touch, unanswered leads at the cap once it has passed', () => {
    const customers = [
      customer({ id: 'lead1', kind: 'contact', createdAt: '2026-03-02T08:00:00Z' }),
      customer({ id: 'lead2', kind: 'contact', createdAt: '2026-03-03T08:00:00Z' }),
      customer({ id: 'lead3', kind: 'contact', createdAt: '2026-03-04T08:00:00Z' }),
      customer({ id: 'old', kind: 'contact', createdAt: '2026-01-04T08:00:00Z' }),
    ];
    const activities = [
      activity({ at: '2026-03-02T09:00:00Z', contactId: 'lead1', type: 'email', direction: 'inbound' }), // the lead writes in: not the seller's touch
      activity({ at: '2026-03-02T10:00:00Z', contactId: 'lead1' }), // 2 h
      activity({ at: '2026-03-03T14:00:00Z', contactId: 'lead2' }), // 6 h
      activity({ at: '2026-03-03T15:00:00Z', contactId: 'lead2' }),
    ];
    // lead3 never answered: 336 h (14 days) once that has passed. Median of 2, 6, 336 = 6.
    expect(measure({ kind: 'leadResponseTime' }, { customers, activities })).toBe(6);
    expect(measure({ kind: 'leadResponseTime', capHours: 3 }, { customers, activities })).toBe(3);
  });

  it('lead response time in the running period: a young unanswered lead is censored (Kaplan–Meier), not dropped', () => {
    const customers = ['01', '02', '03', '04'].map((d, i) => customer({ id: `lead${i}`, kind: 'contact', createdAt: `2026-03-${d}T08:00:00Z` }));
    const activities = [
      activity({ at: '2026-03-01T09:00:00Z', contactId: 'lead0' }), // 1 h
      activity({ at: '2026-03-02T11:00:00Z', contactId: 'lead1' }), // 3 h
    ];
    // On 4 March 20:00: lead2 has waited 36 h unanswered, lead3 12 h. At 1 h: 3 of 4 still
    // waiting; at 3 h: 3/4 × 2/3 = 1/2 → midway to the next answer, but none follows: 3 h.
    // Leaving the young leads out (the old rule) gave 2 h.
    const now = inMarchAt('2026-03-04T20:00:00Z');
    expect(now({ kind: 'leadResponseTime' }, { customers, activities })).toBe(3);
    // With a third answer at 30 h for lead2: at 3 h the share is 1/2, the next answer 30 h: 16.5 h.
    const answered = [...activities, activity({ at: '2026-03-04T14:00:00Z', contactId: 'lead2' })];
    expect(now({ kind: 'leadResponseTime' }, { customers, activities: answered })).toBe(16.5);
    // Only young unanswered leads: the share never reaches a half: no median yet.
    expect(now({ kind: 'leadResponseTime' }, { customers: [customers[3]!], activities })).toBeNull();
  });

  it('contacts per open deal: distinct deal contacts touched in the look-back before the period end', () => {
    const deals = [
      deal({ createdAt: '2026-02-01T00:00:00Z', contactIds: ['k1', 'k2', 'k3'] }),
      deal({ createdAt: '2026-02-01T00:00:00Z', contactIds: ['k4'], closedAt: '2026-04-10T00:00:00Z', isClosed: true }),
      deal({ createdAt: '2026-02-01T00:00:00Z', contactIds: ['k1'], closedAt: '2026-03-10T00:00:00Z', isClosed: true }), // closed: not open
    ];
    const activities = [
      activity({ at: '2026-03-25T00:00:00Z', contactId: 'k1' }),
      activity({ at: '2026-03-26T00:00:00Z', contactId: 'k2' }),
      activity({ at: '2026-03-26T01:00:00Z', contactId: 'k2' }),
      activity({ at: '2026-02-01T00:00:00Z', contactId: 'k3' }), // too early
    ];
    expect(measure({ kind: 'contactsPerOpenDeal', lookbackDays: 30 }, { deals, activities })).toBe(1);
    expect(measure({ kind: 'contactsPerOpenDeal' }, { activities })).toBeNull();
  });

  it('contacts per open deal in the running period: as of now, and a deal not closed is open whatever its expected close date', () => {
    const deals = [deal({ createdAt: '2026-02-01T00:00:00Z', contactIds: ['k1', 'k2'], closedAt: '2026-02-20T00:00:00Z', isClosed: false })];
    const activities = [activity({ at: '2026-02-25T00:00:00Z', contactId: 'k1' }), activity({ at: '2026-02-27T00:00:00Z', contactId: 'k2' })];
    // On 1 March 08:00 the last 30 days are February's: both contacts engaged. (As of 1 April: none.)
    expect(inMarchAt('2026-03-01T08:00:00Z')({ kind: 'contactsPerOpenDeal' }, { deals, activities })).toBe(2);
    expect(measure({ kind: 'contactsPerOpenDeal' }, { deals, activities })).toBe(0);
    // Closed on 10 March: open as of the 5th (both contacts within 30 days), not as of the end of March.
    const closed = [{ ...deals[0]!, isClosed: true, closedAt: '2026-03-10T00:00:00Z' }];
    expect(inMarchAt('2026-03-05T00:00:00Z')({ kind: 'contactsPerOpenDeal' }, { deals: closed, activities })).toBe(2);
    expect(measure({ kind: 'contactsPerOpenDeal' }, { deals: closed, activities })).toBeNull();
  });

  it('the latest answer in the running period: the look-back ends now, not at the period end', () => {
    const spec = { kind: 'latest', itemId: 'motivation', lookbackDays: 30 };
    const checkIns = [checkIn({ at: '2026-02-10T00:00:00Z', answers: { motivation: 2 } })];
    // 40 days back from 31 March misses it; 30 days back from 1 March 08:00 does not.
    expect(measure(spec, { checkIns })).toBeNull();
    expect(inMarchAt('2026-03-01T08:00:00Z')(spec, { checkIns })).toBe(2);
    // A check-in made this very millisecond is in; one a millisecond from now is not yet.
    expect(inMarchAt('2026-03-01T08:00:00Z')(spec, { checkIns: [checkIn({ at: '2026-03-01T08:00:00.000Z', answers: { motivation: 5 } })] })).toBe(5);
    expect(inMarchAt('2026-03-01T08:00:00Z')(spec, { checkIns: [...checkIns, checkIn({ at: '2026-03-01T08:00:00.001Z', answers: { motivation: 5 } })] })).toBe(2);
    // In a closed period, a check-in exactly at its end belongs to the next one.
    expect(measure(spec, { checkIns: [checkIn({ at: '2026-04-01T00:00:00.000Z', answers: { motivation: 5 } }), checkIn({ at: '2026-03-31T23:59:59.999Z', answers: { motivation: 4 } })] })).toBe(4);
  });

  it('meeting → deal conversion: meetings followed by a deal with the same company or contact within N days', () => {
    const activities = [meeting('2026-03-02T09:00:00Z', 'k1', 'co1'), meeting('2026-03-03T09:00:00Z', 'k2', 'co2'), meeting('2026-03-04T09:00:00Z', 'k3', 'co3')];
    const deals = [
      deal({ createdAt: '2026-03-10T00:00:00Z', companyId: 'co1' }),
      deal({ createdAt: '2026-03-20T00:00:00Z', companyId: 'co9', contactIds: ['k2'] }),
      deal({ createdAt: '2026-02-20T00:00:00Z', companyId: 'co3' }), // before the meeting
    ];
    expect(measure({ kind: 'meetingToDealConversion', withinDays: 30 }, { activities, deals })).toBeCloseTo(200 / 3, 10);
    expect(measure({ kind: 'meetingToDealConversion', withinDays: 10 }, { activities, deals })).toBeCloseTo(100 / 3, 10);
    // On 1 April 09:00 only the first meeting's 30 days have passed (2 March 09:00 + 30 d = 1 April 09:00).
    const aprilFirst = (at: string) => measure({ kind: 'meetingToDealConversion', withinDays: 30 }, { activities, deals }, MARCH, undefined, Date.parse(at));
    expect(aprilFirst('2026-04-01T09:00:00Z')).toBe(100);
    expect(aprilFirst('2026-04-01T08:59:59Z')).toBeNull();
    // A deal exactly at the end of the window counts.
    const atEdge = [deal({ createdAt: '2026-04-01T09:00:00Z', companyId: 'co1' })];
    expect(measure({ kind: 'meetingToDealConversion', withinDays: 30 }, { activities: [activities[0]!], deals: atEdge })).toBe(100);
  });

  it('share of customer potential: won revenue over the prorated yearly potential of customers', () => {
    const customers = [
      customer({ createdAt: '2025-01-01T00:00:00Z', becameCustomerAt: '2025-06-01T00:00:00Z', potential: 365242.5 }),
      customer({ createdAt: '2025-01-01T00:00:00Z', becameCustomerAt: null, potential: 999999 }),
    ];
    const deals = [deal({ createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-03-05T00:00:00Z', isClosed: true, isWon: true, amount: 15500 })];
    // 31 days of a 365.2425-day year of 365,242.5 = 31,000 → 15,500 is 50 %.
    expect(measure({ kind: 'potentialShare' }, { customers, deals })).toBeCloseTo(50, 8);
    expect(measure({ kind: 'potentialShare' }, { deals })).toBeNull();
  });
});
