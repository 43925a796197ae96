import { defaultDefinition, findWillWarnings, type ScorecardDefinition, type SellerScorecard } from '@balanced-scorecard/shared';

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
});
