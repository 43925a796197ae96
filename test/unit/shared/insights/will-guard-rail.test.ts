import { defaultDefinition, findWillWarnings, isLowWill, withoutAnswers, type ScorecardDefinition, type SellerScorecard } from '@balanced-scorecard/shared';

/** "Half times half is not a whole": raising an activity target for a seller with low will warns. */
const seller = { id: 's1', name: 'Sam', teamIds: ['t1'] };

function card(willScore: number | null, answers: Record<string, number | null>): Pick<SellerScorecard, 'sellerId' | 'levels' | 'indicators'> {
  return {
    sellerId: 's1',
    levels: [{ level: 'will', score: willScore, coverage: 1, weight: 1, status: 'grey' }],
    indicators: Object.entries(answers).map(([indicatorId, actual]) => ({ indicatorId, actual }) as SellerScorecard['indicators'][number]),
  };
}

/** The definition with one indicator's default target changed. */
function withTarget(definition: ScorecardDefinition, indicatorId: string, value: number): ScorecardDefinition {
  return { ...definition, indicators: definition.indicators.map((i) => (i.id === indicatorId ? { ...i, target: { ...i.target, value } } : i)) };
}

describe('the will guard-rail', () => {
  const base = defaultDefinition();
  const meetings = base.indicators.find((i) => i.id === 'meetings_held')!;
  const raised = withTarget(base, 'meetings_held', meetings.target.value + 5);

  it('fires for a low motivation answer or a will score under 50, not at exactly 50', () => {
    expect(findWillWarnings(base, raised, [seller], [card(80, { motivation: 2 })]).map((w) => [w.indicatorId, w.motivation])).toEqual([['meetings_held', 2]]);
    expect(findWillWarnings(base, raised, [seller], [card(80, { motivation: 3 })])).toEqual([]);
    expect(findWillWarnings(base, raised, [seller], [card(49.99, { motivation: null })])).toHaveLength(1);
    expect(findWillWarnings(base, raised, [seller], [card(50, { motivation: null })])).toEqual([]);
    // Lowering the target, or raising one for a seller with good will: no warning.
    expect(findWillWarnings(raised, base, [seller], [card(20, { motivation: 1 })])).toEqual([]);
  });

  it('reads the items the definition marks as motivation, whatever their id', () => {
    const rename = (d: ScorecardDefinition): ScorecardDefinition => ({
      ...d,
      checkInItems: d.checkInItems.map((i) => (i.id === 'motivation' ? { ...i, id: 'drive' } : i)),
      indicators: d.indicators.map((i) => (i.measure.kind === 'latest' && i.measure.itemId === 'motivation' ? { ...i, id: 'drive', measure: { ...i.measure, itemId: 'drive' } } : i)),
    });
    expect(findWillWarnings(rename(base), rename(raised), [seller], [card(80, { drive: 2 })]).map((w) => w.motivation)).toEqual([2]);
    // Not marked as motivation: an answer of 1 to "energy" alone does not fire it.
    expect(findWillWarnings(base, raised, [seller], [card(80, { energy: 1 })])).toEqual([]);
    const energyToo = (d: ScorecardDefinition): ScorecardDefinition => ({ ...d, checkInItems: d.checkInItems.map((i) => (i.id === 'energy' ? { ...i, motivation: true } : i)) });
    expect(findWillWarnings(energyToo(base), energyToo(raised), [seller], [card(80, { motivation: 4, energy: 1 })]).map((w) => w.motivation)).toEqual([1]);
  });

  it('takes "raising" by the indicator’s direction: a lower target for a "down" indicator asks more', () => {
    const lead = base.indicators.find((i) => i.id === 'lead_response_time')!;
    expect(lead.direction).toBe('down');
    const stricter = withTarget(base, 'lead_response_time', lead.target.value - 2);
    expect(findWillWarnings(base, stricter, [seller], [card(80, { motivation: 1 })]).map((w) => w.indicatorId)).toEqual(['lead_response_time']);
    expect(findWillWarnings(stricter, base, [seller], [card(80, { motivation: 1 })])).toEqual([]);
  });

  it('says what fired, for whom and by how much, and names the answer only where it may', () => {
    const [warning] = findWillWarnings(base, raised, [seller], [card(45, { motivation: 2 })]);
    expect(warning).toEqual({
      code: 'low_will_activity_target_raised',
      sellerId: 's1',
      sellerName: 'Sam',
      indicatorId: 'meetings_held',
      from: meetings.target.value,
      to: meetings.target.value + 5,
      willScore: 45,
      motivation: 2,
      message: `Sam's will is low (motivation 2/5): talk about motivation before raising "${meetings.label}". More activity on low will yields less.`,
    });
    const hidden = withoutAnswers(warning!, meetings.label);
    expect(hidden).toEqual({ ...warning, willScore: null, motivation: null, message: `Raising "${meetings.label}" for Sam: the will guard-rail fired. Talk with them about motivation first: more activity on low will yields less.` });
    expect(hidden.message).not.toMatch(/\d\/5|45/);
    // Fired by the will score alone: no answer to name, so none is named.
    const [byScore] = findWillWarnings(base, raised, [seller], [card(30, { motivation: null })]);
    expect(byScore).toMatchObject({ willScore: 30, motivation: null, message: hidden.message });
  });

  it('reads no will where there is none, and warns only for activity targets of sellers it has a card for', () => {
    expect(isLowWill({ levels: [], indicators: [] }, new Set(['motivation']))).toEqual({ low: false, willScore: null, motivation: null });
    expect(isLowWill(card(null, { motivation: 4 }), new Set(['motivation']))).toEqual({ low: false, willScore: null, motivation: 4 });
    // The will level's score, not the first level's.
    const levels = [{ level: 'result' as const, score: 30, coverage: 1, weight: 1, status: 'red' as const }, { level: 'will' as const, score: 80, coverage: 1, weight: 1, status: 'green' as const }];
    expect(isLowWill({ levels, indicators: [] }, new Set())).toEqual({ low: false, willScore: 80, motivation: null });
    expect(findWillWarnings(base, raised, [seller], [card(null, { motivation: 4 })])).toEqual([]);
    expect(findWillWarnings(base, raised, [seller, { id: 's2', name: 'Kim', teamIds: ['t1'] }], [card(20, { motivation: 1 })]).map((w) => w.sellerId)).toEqual(['s1']);
    const revenue = base.indicators.find((i) => i.level === 'result' && i.direction === 'up')!;
    expect(findWillWarnings(base, withTarget(base, revenue.id, revenue.target.value * 2), [seller], [card(20, { motivation: 1 })])).toEqual([]);
    // A new activity indicator sets a target; it raises none.
    const added = { ...raised, indicators: [...base.indicators, { ...meetings, id: 'meetings_extra', target: { ...meetings.target, value: 99 } }] };
    expect(findWillWarnings(base, added, [seller], [card(20, { motivation: 1 })])).toEqual([]);
  });
});
