/**
 * Insights benchmark (DESIGN §12): what separates the top sellers, and the training plan, for
 * 1,000 sellers over the last six complete months (1,000,000 activities), with 2,000
 * permutations per candidate, on one core. Beside it, as this machine's floor, the engine's
 * scorecards of the same sellers with the same six-month trend: the analysis computes those and
 * then its statistics. The last line printed is one JSON object.
 */
import { analyseTopSellers, buildTrainingPlan, computeScorecards, defaultDefinition, indexBySeller } from '@balanced-scorecard/shared';
import { generateBenchTenant, NOW } from './bench-tenant';

const PERMUTATIONS = 2000;
const records = generateBenchTenant();
const definition = defaultDefinition();
const t0 = process.hrtime.bigint();
const index = indexBySeller(records);
const indexMs = Number(process.hrtime.bigint() - t0) / 1e6;

global.gc?.();
const started = process.hrtime.bigint();
const analysis = analyseTopSellers({ definition, sellers: records.sellers, index, now: NOW, permutations: PERMUTATIONS, seed: 1 });
const plan = analysis.status === 'ok' ? buildTrainingPlan(analysis, definition) : null;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
if (analysis.status !== 'ok') throw new Error(`the bench tenant was not analysed: ${analysis.message}`);

global.gc?.();
const f0 = process.hrtime.bigint();
const lastComplete = analysis.window.periods.at(-1)!;
computeScorecards({ definition, records, index, now: NOW, timeZone: definition.timeZone, period: 'month', periodKey: lastComplete, trendLength: 6 });
const floorMs = Number(process.hrtime.bigint() - f0) / 1e6;

const separating = analysis.findings.filter((f) => f.separates).length;
console.log(`analysed ${analysis.sellers} sellers over ${analysis.window.periods.join(', ')}: ${analysis.candidates.length} candidates × ${PERMUTATIONS} permutations, ${separating} separating; plan of ${plan!.gaps.length} gaps`);
console.log(`index of ${records.activities.length} activities (not counted): ${Math.round(indexMs)} ms`);
console.log(`analysis and plan: ${Math.round(ms)} ms; floor, the scorecards with the same trend: ${Math.round(floorMs)} ms (${(ms / floorMs).toFixed(2)} × the floor); peak RSS ${peakRssMB} MB`);
console.log(JSON.stringify({ sellers: analysis.sellers, candidates: analysis.candidates.length, permutations: PERMUTATIONS, ms: Math.round(ms), floorMs: Math.round(floorMs), peakRssMB, activities: records.activities.length }));
