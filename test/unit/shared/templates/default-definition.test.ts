import { DEFAULT_DEFINITION_INPUT, defaultDefinition, LEVELS, ScorecardDefinitionSchema } from '@balanced-scorecard/shared';

describe('the default balanced definition', () => {
  const def = defaultDefinition();

  it('covers all four levels with at least 16 indicators', () => {
    expect(def.indicators.length).toBeGreaterThanOrEqual(16);
    for (const level of LEVELS) expect(def.indicators.some((i) => i.level === level)).toBe(true);
  });

  it('includes every behaviour measure, customer potential share and customer satisfaction', () => {
    const kinds = new Set(def.indicators.map((i) => i.measure.kind));
    for (const k of ['followUpAfterMeeting', 'leadResponseTime', 'contactsPerOpenDeal', 'meetingToDealConversion', 'potentialShare']) {
      expect(kinds).toContain(k);
    }
    expect(def.indicators.find((i) => i.id === 'customer_satisfaction')?.measure).toMatchObject({ source: 'customers', field: 'satisfaction' });
  });

  it('reads every will and foundation check-in item on a 1–5 scale', () => {
    expect(def.checkInItems.length).toBeGreaterThanOrEqual(5);
    expect(def.checkInItems.length).toBeLessThanOrEqual(8);
    for (const item of def.checkInItems) {
      const ind = def.indicators.find((i) => i.measure.kind === 'latest' && i.measure.itemId === item.id);
      expect(ind?.level).toBe(item.level);
      expect(item.statement).toMatch(/^(I|My) /); // the seller's own voice
    }
  });

  it('rejects a definition with duplicate ids, unknown check-in items or a bad time zone', () => {
    const dup = { ...DEFAULT_DEFINITION_INPUT, indicators: [...DEFAULT_DEFINITION_INPUT.indicators, DEFAULT_DEFINITION_INPUT.indicators[0]!] };
    expect(ScorecardDefinitionSchema.safeParse(dup).success).toBe(false);
    const unknownItem = { ...DEFAULT_DEFINITION_INPUT, checkInItems: [] };
    expect(ScorecardDefinitionSchema.safeParse(unknownItem).success).toBe(false);
    expect(ScorecardDefinitionSchema.safeParse({ ...DEFAULT_DEFINITION_INPUT, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
