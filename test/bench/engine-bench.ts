/**
 * Engine benchmark (DESIGN §12): all scorecards of one month, with 6-period trends, for 1,000
 * sellers from 1,000,000 activities and 100,000 deals, on one core. The last line printed is one
 * JSON object with the figures.
 */
import { computeScorecards, defaultDefinition } from '@balanced-scorecard/shared';
import { generateBenchTenant, NOW } from './bench-tenant';

const records = generateBenchTenant();
const definition = defaultDefinition();
global.gc?.();
const started = process.hrtime.bigint();
const run = computeScorecards({ definition, records, now: NOW, timeZone: definition.timeZone, period: 'month', trendLength: 6 });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const graded = run.sellers.filter((s) => s.balanceIndex !== null).length;
console.log(`computed ${run.sellers.length} scorecards (${graded} with a balance index) × ${definition.indicators.length} indicators × 6 periods`);
console.log(JSON.stringify({ sellers: records.sellers.length, activities: records.activities.length, deals: records.deals.length, ms: Math.round(ms), peakRssMB }));
