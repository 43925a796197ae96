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

  it('is, for the eight-seller team, exactly this plan: items with who is to learn them, each seller with their focus', () => {
    const plan = buildTrainingPlan(analysis({ s4: { values: { follow: 50, response: 8, skill: 2, calls: 9 } }, s5: { will: { score: 80, motivation: 2 } } }), definition);
    expect(plan.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(plan.benchmarkGroup).toEqual(['s1', 's2']);
    expect(plan.items).toEqual([
      { itemId: 'follow', label: 'follow', kind: 'behaviour', direction: 'up', perWorkingDay: false, delta: 0.8, benchmark: 80, mode: 'group', sellerIds: ['s3', 's4', 's5', 's6'] },
      { itemId: 'response', label: 'response', kind: 'behaviour', direction: 'down', perWorkingDay: false, delta: -0.5, benchmark: 4, mode: 'individual', sellerIds: ['s4', 's7'] },
      // s4 is short of the skill too, but two items rank higher for them: nobody is to learn it now.
      { itemId: 'skill', label: 'skill', kind: 'skill', direction: 'up', perWorkingDay: false, delta: 0.3, benchmark: 4.5, mode: 'individual', sellerIds: [] },
    ]);
    expect(plan.gaps).toHaveLength(7);
    expect(plan.gaps.find((g) => g.itemId === 'skill')).toEqual({ sellerId: 's4', itemId: 'skill', baseline: 2, benchmark: 4.5, gap: 0.5556, priority: 0.1667, mode: 'individual' });
    const focus = Object.fromEntries(plan.sellers.map((s) => [s.sellerId, s.focus.map((f) => `${f.itemId}:${f.kind}:${f.mode}:${f.label}`)]));
    expect(focus).toEqual({
      s1: [], s2: [], s8: [],
      s3: ['follow:behaviour:group:follow'],
      s4: ['response:behaviour:individual:response', 'follow:behaviour:group:follow'],
      s5: ['motivation_first:motivation:individual:Talk about motivation first (no raised activity target)', 'follow:behaviour:group:follow'],
      s6: ['follow:behaviour:group:follow'],
      s7: ['response:behaviour:individual:response'],
    });
    expect(plan.sellers.find((s) => s.sellerId === 's4')!.focus[0]).toEqual({ itemId: 'response', label: 'response', kind: 'behaviour', mode: 'individual', baseline: 8, benchmark: 4, gap: 1, priority: 0.5 });
  });

  it('reads a skill as a skill in the focus, and leaves out what no plan can rest on', () => {
    const base = analysis({
      // A top seller far below the benchmark is still not a learner; a seller without the value is not either.
      s2: { values: { follow: 30, response: 4, skill: 4.5, calls: 9 } },
      s3: { values: { response: 4, skill: 1, calls: 9 } },
    });
    const plan = buildTrainingPlan(
      {
        ...base,
        candidates: [...base.candidates, candidate('energy', { level: 'will', unit: 'score', checkInItemId: 'energy' }), candidate('zero'), candidate('zero_down', { direction: 'down' }), candidate('unknown')],
        findings: [...base.findings, finding('energy', 4, 0.4, false), finding('zero', 0, 0.9, true), finding('zero_down', 0, 0.9, true, 'down'), { ...finding('unknown', 5, 0.9, true), topMedian: null }],
        sellerValues: base.sellerValues.map((s) => ({ ...s, values: { ...s.values, energy: 1, zero: 0, zero_down: 3, unknown: 1 } })),
      },
      { checkInItems: [...definition.checkInItems, { id: 'energy', level: 'will', statement: 'e', label: 'Energy', skill: false, motivation: false }] },
    );
    // A separating behaviour whose top median is 0 has no shortfall to measure: an item without learners.
    expect(plan.items.map((i) => [i.itemId, i.sellerIds.length])).toEqual([['follow', 3], ['response', 1], ['skill', 2], ['zero', 0], ['zero_down', 0]]);
    expect(plan.gaps.some((g) => g.sellerId === 's2' || g.itemId === 'zero' || g.itemId === 'zero_down')).toBe(false);
    expect(plan.gaps.filter((g) => g.itemId === 'follow').map((g) => g.sellerId)).toEqual(['s4', 's5', 's6']);
    expect(plan.sellers.find((s) => s.sellerId === 's3')!.focus).toEqual([{ itemId: 'skill', label: 'skill', kind: 'skill', mode: 'individual', baseline: 1, benchmark: 4.5, gap: 0.7778, priority: 0.2333 }]);
  });

  it('calls will low under a score of 50 or at a motivation of 2, and not on an answer or a score that is missing', () => {
    const lowWill = (will: SellerValues['will']) => buildTrainingPlan(analysis({ s3: { will } }), definition).sellers.find((s) => s.sellerId === 's3')!.lowWill;
    expect(lowWill({ score: 49.9, motivation: 4 })).toBe(true);
    expect(lowWill({ score: 50, motivation: 4 })).toBe(false);
    expect(lowWill({ score: 70, motivation: 2 })).toBe(true);
    expect(lowWill({ score: 70, motivation: 3 })).toBe(false);
    expect(lowWill({ score: null, motivation: 4 })).toBe(false);
    expect(lowWill({ score: 70, motivation: null })).toBe(false);
    expect(lowWill({ score: null, motivation: null })).toBe(false);
  });

  it('shows whether a focus item moved: the share of the gap closed since the baseline', () => {
    expect(progressOf({ baseline: 60, benchmark: 80 }, 70)).toEqual({ value: 70, closed: 0.5 });
    expect(progressOf({ baseline: 60, benchmark: 80 }, 55)).toEqual({ value: 55, closed: -0.25 });
    expect(progressOf({ baseline: 9, benchmark: 4 }, 4)).toEqual({ value: 4, closed: 1 });
    expect(progressOf({ baseline: 9, benchmark: 4 }, null)).toEqual({ value: null, closed: null });
    // Already at the benchmark: nothing to close.
    expect(progressOf({ baseline: 4, benchmark: 4 }, 5)).toEqual({ value: 5, closed: null });
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
