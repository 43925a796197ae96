import { buildTrainingPlan, createZoneClock, findFlags, indexBySeller, MOTIVATION_FIRST, periodsEndingWith, periodContaining, progressOf, type Calendar, type Candidate, type Finding, type SellerValues, type TopSellerAnalysis } from '../../../../shared/src/index';
import { activity } from '../../../support/builders';

const candidate = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, label: id, level: 'activity', unit: 'percent', direction: 'up', measure: { kind: 'followUpAfterMeeting', withinHours: 24, types: ['email'] }, perWorkingDay: false, checkInItemId: null, inDefinition: true, ...extra });
const finding = (id: string, topMedian: number, delta: number, separates: boolean, direction: 'up' | 'down' = 'up'): Finding => ({
  candidateId: id, measure: id, label: id, level: 'activity', unit: 'percent', direction, perWorkingDay: false, topMedian, restMedian: null, delta, spearman: null, p: 0.01, q: separates ? 0.02 : 0.5, separates, topCount: 3, restCount: 5, sentence: '', proposedKpi: null,
});
const seller = (id: string, values: Record<string, number | null>, extra: Partial<SellerValues> = {}): SellerValues => ({ sellerId: id, name: id, outcome: 50, inTopGroup: false, benchmarked: true, values, will: { score: 70, motivation: 4 }, ...extra });

/** Eight sellers: s1–s2 the top group; follow-up (benchmark 80) short by 20 % or more for s3–s6; response time ("down", benchmark 4 h) long for s7 only. */
function analysis(overrides: Partial<Record<string, Partial<SellerValues>>> = {}): Extract<TopSellerAnalysis, { status: 'ok' }> {
  const values: Record<string, Record<string, number | null>> = {
    s1: { follow: 85, response: 3, skill: 4.5, calls: 9 },
    s2: { follow: 80, response: 4, skill: 4.5, calls: 9 },
    s3: { follow: 60, response: 4, skill: 4.5, calls: 9 },
    s4: { follow: 50, response: 4.2, skill: 2, calls: 9 },
    s5: { follow: 40, response: 3, skill: 4.5, calls: 9 },
    s6: { follow: 64, response: 3, skill: 4.5, calls: 9 },
    s7: { follow: 70, response: 9, skill: 3.7, calls: 9 },
    s8: { follow: null, response: 3, skill: 4.5, calls: 9 },
  };
  return {
    status: 'ok',
    sellers: 8,
    window: { periods: ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'], workingDays: 128 },
    topGroup: ['s1', 's2'],
    permutations: 2000,
    candidates: [candidate('follow'), candidate('response', { direction: 'down', unit: 'hours' }), candidate('skill', { level: 'foundation', unit: 'score', checkInItemId: 'sales_skills', measure: { kind: 'latest', itemId: 'sales_skills', by: 'self', lookbackDays: 92 } }), candidate('calls')],
    findings: [finding('follow', 80, 0.8, true), finding('response', 4, -0.5, true, 'down'), finding('skill', 4.5, 0.3, false), finding('calls', 9, 0.1, false)],
    sellerValues: Object.entries(values).map(([id, v]) => seller(id, v, { inTopGroup: id === 's1' || id === 's2', ...overrides[id] })),
  };
}
const definition = { checkInItems: [{ id: 'sales_skills', level: 'foundation' as const, statement: 's', label: 'Sales skills', skill: true, motivation: false }] };

describe('who learns what', () => {
  it('counts a shortfall of 20 % or more against the top median, for sellers outside the top group, with its baseline', () => {
    const plan = buildTrainingPlan(analysis(), definition);
    const follow = plan.gaps.filter((g) => g.itemId === 'follow');
    // s3 at 60 is 25 % short, s6 at 64 exactly 20 %; s7 at 70 is 12.5 % short (not counted); s8 has no value; s1, s2 are the benchmark.
    expect(follow.map((g) => g.sellerId)).toEqual(['s3', 's4', 's5', 's6']);
    expect(follow.find((g) => g.sellerId === 's3')).toMatchObject({ baseline: 60, benchmark: 80, gap: 0.25, priority: 0.2 });
    // "Down": 9 h against a 4 h benchmark is 125 % too slow.
    expect(plan.gaps.filter((g) => g.itemId === 'response')).toEqual([expect.objectContaining({ sellerId: 's7', gap: 1.25, priority: 0.625, mode: 'individual' })]);
    // A foundation skill item counts though it does not separate; a behaviour that does not separate does not.
    expect(plan.gaps.filter((g) => g.itemId === 'skill').map((g) => g.sellerId)).toEqual(['s4']);
    expect(plan.gaps.some((g) => g.itemId === 'calls')).toBe(false);
  });

  it('makes a gap shared by at least half the team a group session, and one the few share individual coaching', () => {
    const plan = buildTrainingPlan(analysis(), definition);
    expect(plan.items.find((i) => i.itemId === 'follow')).toMatchObject({ mode: 'group', kind: 'behaviour' });
    expect(plan.items.find((i) => i.itemId === 'response')).toMatchObject({ mode: 'individual' });
    expect(plan.items.find((i) => i.itemId === 'skill')).toMatchObject({ mode: 'individual', kind: 'skill' });
    expect(plan.gaps.filter((g) => g.itemId === 'follow').every((g) => g.mode === 'group')).toBe(true);
  });

  it('gives each seller at most two focus items, the highest priority (effect × gap) first', () => {
    const plan = buildTrainingPlan(analysis({ s4: { values: { follow: 50, response: 8, skill: 2, calls: 9 } } }), definition);
    const s4 = plan.sellers.find((s) => s.sellerId === 's4')!;
    // follow 0.8 × 0.375 = 0.3; response 0.5 × 1 = 0.5; skill 0.3 × 0.556 = 0.167: two kept.
    expect(s4.focus.map((f) => f.itemId)).toEqual(['response', 'follow']);
    expect(plan.sellers.every((s) => s.focus.length <= 2)).toBe(true);
    expect(plan.sellers.find((s) => s.sellerId === 's1')!.focus).toEqual([]);
  });

  it('puts "talk about motivation first" first for a seller whose will is low, and one item after it', () => {
    const plan = buildTrainingPlan(analysis({ s4: { will: { score: 40, motivation: 3 } }, s5: { will: { score: 80, motivation: 2 } } }), definition);
    for (const id of ['s4', 's5']) {
      const p = plan.sellers.find((s) => s.sellerId === id)!;
      expect(p.lowWill).toBe(true);
      expect(p.focus[0]).toMatchObject({ itemId: MOTIVATION_FIRST, kind: 'motivation' });
      expect(p.focus).toHaveLength(2);
    }
    expect(plan.sellers.find((s) => s.sellerId === 's3')!.lowWill).toBe(false);
  });

  it('shows whether a focus item moved: the share of the gap closed since the baseline', () => {
    expect(progressOf({ baseline: 60, benchmark: 80 }, 70)).toEqual({ value: 70, closed: 0.5 });
    expect(progressOf({ baseline: 60, benchmark: 80 }, 55)).toEqual({ value: 55, closed: -0.25 });
    expect(progressOf({ baseline: 9, benchmark: 4 }, 4)).toEqual({ value: 4, closed: 1 });
    expect(progressOf({ baseline: 9, benchmark: 4 }, null)).toEqual({ value: null, closed: null });
  });
});

describe('data-quality flags', () => {
  const cal: Calendar = { clock: createZoneClock('Europe/Oslo'), weekStartsOn: 1, workingDays: [1, 2, 3, 4, 5], holidays: new Set() };
  const months = periodsEndingWith(periodContaining('month', Date.parse('2026-10-15T12:00:00Z'), cal), 2, cal);

  it('counts short calls, meetings without a contact, calls and meetings without an outcome, and bursts before a month closes', () => {
    const a = (at: string, extra: Record<string, unknown> = {}) => activity({ sellerId: 's1', at, ...extra });
    const records = [
      a('2026-09-10T09:00:00Z', { type: 'call', durationMin: 0.1, outcome: 'connected' }),
      a('2026-09-10T10:00:00Z', { type: 'call', durationMin: 0.5, outcome: 'connected' }),
      a('2026-09-11T10:00:00Z', { type: 'meeting', contactId: null, outcome: 'completed' }),
      a('2026-09-11T11:00:00Z', { type: 'call', outcome: null, durationMin: 2 }),
      // October: 14 activities mid-month, 10 on its last two working days (29 and 30 October).
      ...Array.from({ length: 14 }, (_, i) => a(`2026-10-${String(5 + i).padStart(2, '0')}T09:00:00Z`, { type: 'email', outcome: 'sent' })),
      ...Array.from({ length: 10 }, (_, i) => a(`2026-10-${i < 5 ? '29' : '30'}T1${i % 5}:00:00Z`, { type: 'email', outcome: 'sent' })),
      a('2026-08-31T09:00:00Z', { type: 'call', durationMin: 0.05, outcome: 'connected' }), // before the window
      activity({ sellerId: 's2', at: '2026-09-10T09:00:00Z', type: 'call', durationMin: 0.1 }),
    ];
    const flags = findFlags('s1', indexBySeller({ activities: records, deals: [], customers: [], checkIns: [] }).get('s1'), months, cal);
    expect(findFlags('s3', undefined, months, cal)).toMatchObject({ activities: 0, shortCalls: 0 });
    expect(flags).toEqual({ sellerId: 's1', shortCalls: 1, meetingsWithoutContact: 1, withoutOutcome: 1, activities: 28, burstsBeforeClose: [{ periodKey: '2026-10', activities: 24, inLastDays: 10 }] });
  });
});
