import { analyseTopSellers, candidatesOf, IndicatorDefinitionSchema, indexBySeller, MINIMUM_SELLERS, defaultDefinition, ScorecardDefinitionSchema } from '../../../../shared/src/index';
import { generatePlantedTeam } from '../../../support/planted-team';

const NOW = '2026-11-20T12:00:00.000Z';
const definition = defaultDefinition();
// A team is generated and indexed once per file (it is the slow part); every analysis runs anew.
const teams = new Map<string, { data: ReturnType<typeof generatePlantedTeam>; index: ReturnType<typeof indexBySeller> }>();
const teamOf = (sellers: number, seed: number) => {
  const key = `${sellers}/${seed}`;
  if (!teams.has(key)) {
    const data = generatePlantedTeam({ seed, sellers, months: 8, now: NOW });
    teams.set(key, { data, index: indexBySeller(data) });
  }
  return teams.get(key)!;
};
const analyse = (sellers: number, seed: number, options: { analysisSeed?: number; permutations?: number } = {}) => {
  const { data, index } = teamOf(sellers, seed);
  return { data, analysis: analyseTopSellers({ definition, sellers: data.sellers, index, now: NOW, seed: options.analysisSeed ?? 1, permutations: options.permutations ?? 2000 }) };
};

describe('what the top sellers do', () => {
  // Run by the first test that needs it, not before the tests: a mutant is then tested by the tests that reach it.
  let sixtyRun: ReturnType<typeof analyse>['analysis'] | undefined;
  const sixtyTeam = () => (sixtyRun ??= analyse(60, 1).analysis);

  it('finds the two planted drivers of a 60-seller team and reports none of its noise', () => {
    const analysis = sixtyTeam();
    if (analysis.status !== 'ok') throw new Error(analysis.status);
    const separating = analysis.findings.filter((f) => f.separates).map((f) => f.candidateId);
    expect(separating).toEqual(expect.arrayContaining(['follow_up_24h', 'contacts_per_open_deal']));
    for (const noise of ['emails_sent', 'social_touches', 'tasks_done', 'call_minutes', 'motivation', 'sales_skills']) expect(separating).not.toContain(noise);
    // Separating findings first, each past both thresholds.
    const firstOther = analysis.findings.findIndex((f) => !f.separates);
    expect(analysis.findings.slice(0, firstOther).every((f) => Math.abs(f.delta!) >= 0.33 && f.q! <= 0.1)).toBe(true);
    expect(analysis.findings.slice(firstOther).every((f) => !f.separates)).toBe(true);
  });

  it('says each finding in plain words with its numbers, and proposes a KPI whose target is the top median', () => {
    const analysis = sixtyTeam();
    if (analysis.status !== 'ok') throw new Error(analysis.status);
    const followUp = analysis.findings.find((f) => f.candidateId === 'follow_up_24h')!;
    expect(followUp.topMedian!).toBeGreaterThan(followUp.restMedian!);
    expect(followUp.sentence).toMatch(/^Follow-up within 24 h: top sellers \d+ ?%, the others \d+ ?% \(Cliff's delta 0\.\d\d, q 0\.\d{3}\)\.$/);
    const kpi = IndicatorDefinitionSchema.parse(followUp.proposedKpi);
    expect(kpi).toMatchObject({ id: 'top_follow_up_24h', level: 'activity', unit: 'percent', measure: { kind: 'followUpAfterMeeting' }, target: { value: +followUp.topMedian!.toFixed(2), per: 'month' } });
    // The proposal fits the definition as it is.
    expect(ScorecardDefinitionSchema.safeParse({ ...definition, indicators: [...definition.indicators, kpi] }).success).toBe(true);
    // A behaviour that does not separate proposes nothing, and says so.
    const emails = analysis.findings.find((f) => f.candidateId === 'emails_sent')!;
    expect(emails.proposedKpi).toBeNull();
    expect(emails.sentence).toMatch(/^Emails sent does not separate top sellers from the rest: .+ a working day against .+ a working day/);
  });

  it('takes the top quartile, at least three sellers, by the result level over the last six complete months', () => {
    const { analysis } = analyse(24, 3, { permutations: 100 });
    if (analysis.status !== 'ok') throw new Error(analysis.status);
    expect(analysis.window.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(analysis.topGroup).toHaveLength(6);
    const outcomes = analysis.sellerValues.filter((s) => s.benchmarked).map((s) => s.outcome!);
    const lowestTop = Math.min(...analysis.sellerValues.filter((s) => s.inTopGroup).map((s) => s.outcome!));
    expect(outcomes.filter((o) => o > lowestTop).length).toBeLessThan(6);
    const small = analyse(9, 3, { permutations: 100 }).analysis;
    if (small.status !== 'ok') throw new Error(small.status);
    expect(small.topGroup).toHaveLength(3);
  });

  it('answers "too few sellers to tell" below eight benchmarked sellers, new sellers left out', () => {
    const { analysis } = analyse(MINIMUM_SELLERS - 1, 2);
    expect(analysis.status).toBe('too_few_sellers');
    if (analysis.status !== 'too_few_sellers') return;
    expect(analysis.message).toMatch(/^Too few sellers to tell: 7 /);
    expect('findings' in analysis).toBe(false);
    // Eight sellers, two of them hired 60 days ago: six count.
    const data = generatePlantedTeam({ seed: 2, sellers: 8, months: 8, now: NOW });
    const hired = new Date(Date.parse(NOW) - 60 * 86_400_000).toISOString();
    const sellers = data.sellers.map((s, i) => (i < 2 ? { ...s, startedAt: hired } : s));
    const fresh = analyseTopSellers({ definition, sellers, index: indexBySeller(data), now: NOW });
    expect(fresh).toMatchObject({ status: 'too_few_sellers', sellers: 6 });
    if (fresh.status === 'too_few_sellers') expect(fresh.sellerValues.filter((s) => !s.benchmarked).map((s) => s.sellerId)).toEqual(['seller-001', 'seller-002']);
  });

  it('is the same for the same seed', () => {
    // Far fewer permutations than the product runs: the same seed must give the same answer at any count.
    const first = analyse(24, 4, { permutations: 100 }).analysis;
    expect(analyse(24, 4, { permutations: 100 }).analysis).toEqual(first);
    const other = analyse(24, 4, { analysisSeed: 99, permutations: 100 }).analysis;
    if (other.status !== 'ok' || first.status !== 'ok') throw new Error('not ok');
    // Another seed moves the p-values a little, never the effect sizes.
    expect(other.findings.map((f) => [f.candidateId, f.delta]).sort()).toEqual(first.findings.map((f) => [f.candidateId, f.delta]).sort());
  });

  it('tests every activity, will and foundation indicator and the behaviours the definition does not measure, never a result', () => {
    const ids = candidatesOf(definition).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['meetings_held', 'follow_up_24h', 'lead_response_time', 'motivation', 'sales_skills', 'crm_data_quality', 'emails_sent', 'social_touches', 'tasks_done', 'call_minutes']));
    for (const result of ['won_revenue', 'deals_won', 'win_rate']) expect(ids).not.toContain(result);
    expect(new Set(ids).size).toBe(ids.length);
    const perDay = candidatesOf(definition).filter((c) => c.perWorkingDay).map((c) => c.id);
    expect(perDay).toEqual(expect.arrayContaining(['meetings_held', 'emails_sent']));
    expect(perDay).not.toContain('follow_up_24h');
  });
});
