import { analyseTopSellers, buildCalendar, buildTrainingPlan, defaultDefinition, findFlags, indexBySeller, periodFromKey, runInsights } from '../../../../shared/src/index';
import { generatePlantedTeam } from '../../../support/planted-team';

const NOW = '2026-11-20T12:00:00.000Z';
const definition = defaultDefinition();

describe('the insights report', () => {
  // Twelve sellers, the last of them gone: the report must say nothing about a seller who left.
  const data = generatePlantedTeam({ seed: 5, sellers: 12, months: 8, now: NOW });
  const sellers = data.sellers.map((s, i) => (i === data.sellers.length - 1 ? { ...s, active: false } : s));
  const index = indexBySeller(data);
  const options = { seed: 42, permutations: 150, windowMonths: 4 };
  // Run inside each test, not when the suite loads: a mutant is then tested by the tests that ran it.
  const run = (extra: Partial<Parameters<typeof runInsights>[0]> = {}) => runInsights({ definition, sellers, index, now: NOW, ...options, ...extra });

  it('is the analysis run with the options it was given, its training plan, and the flags of each active seller', () => {
    const report = run();
    const analysis = analyseTopSellers({ definition, sellers, index, now: NOW, ...options });
    if (analysis.status !== 'ok') throw new Error(analysis.status);
    expect(report.status).toBe('ok');
    expect(report.message).toBeNull();
    // Seed, permutations and window reach the analysis: the report is that very run.
    expect(report.window.periods).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
    expect(report.permutations).toBe(150);
    expect(report).toMatchObject({ sellers: analysis.sellers, topGroup: analysis.topGroup, candidates: analysis.candidates, findings: analysis.findings, sellerValues: analysis.sellerValues });
    expect(report.topGroup.length).toBeGreaterThan(0);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.plan).toEqual(buildTrainingPlan(analysis, definition));
    expect(report.plan).not.toBeNull();
    // The flags look at the months the analysis looked at, one entry per active seller.
    const cal = buildCalendar(definition, definition.timeZone);
    const months = report.window.periods.map((key) => periodFromKey(key, cal)!);
    expect(report.flags.map((f) => f.sellerId)).toEqual(sellers.filter((s) => s.active).map((s) => s.id));
    expect(report.flags).toEqual(sellers.filter((s) => s.active).map((s) => findFlags(s.id, index.get(s.id), months, cal)));
    expect(report.flags.some((f) => f.activities > 0)).toBe(true);
  });

  it('passes the seed on: another seed is another permutation draw', () => {
    const report = run();
    const other = run({ seed: 7 });
    const pOf = (r: typeof report) => r.findings.map((f) => [f.candidateId, f.p]);
    expect(pOf(other)).not.toEqual(pOf(report));
    // Without options the analysis runs at its defaults: six months.
    const defaults = runInsights({ definition, sellers, index, now: NOW, permutations: 50 });
    expect(defaults.window.periods).toHaveLength(6);
  });

  it('leaves the check-in items out of what it tests when asked to', () => {
    const report = run();
    const withItems = report.candidates.filter((c) => c.checkInItemId !== null);
    expect(withItems.length).toBeGreaterThan(0);
    const without = run({ excludeCheckInItems: true });
    expect(without.candidates.length).toBe(report.candidates.length - withItems.length);
    expect(without.candidates.every((c) => c.checkInItemId === null)).toBe(true);
  });

  it('says why there are no findings for a team too small to tell, and still flags its sellers', () => {
    const small = generatePlantedTeam({ seed: 6, sellers: 5, months: 8, now: NOW });
    const smallIndex = indexBySeller(small);
    const result = runInsights({ definition, sellers: small.sellers, index: smallIndex, now: NOW, ...options });
    const direct = analyseTopSellers({ definition, sellers: small.sellers, index: smallIndex, now: NOW, ...options });
    expect(result).toMatchObject({ status: 'too_few_sellers', sellers: 5, topGroup: [], permutations: 0, candidates: [], findings: [], plan: null });
    expect(result.message).toMatch(/^Too few sellers to tell: 5 /);
    if (direct.status !== 'too_few_sellers') throw new Error(direct.status);
    expect(result.message).toBe(direct.message);
    expect(result.window).toEqual(direct.window);
    expect(result.sellerValues).toEqual(direct.sellerValues);
    expect(result.sellerValues).toHaveLength(5);
    expect(result.flags.map((f) => f.sellerId)).toEqual(small.sellers.map((s) => s.id));
    expect(result.flags.every((f) => f.activities > 0)).toBe(true);
  });
});
