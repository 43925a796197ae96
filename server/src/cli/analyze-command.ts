import { defaultDefinition, describeFlags, formatValue, hasFlags, indexBySeller, runInsights, type InsightsReport } from '@balanced-scorecard/shared';
import { parseImportFile } from '../connectors/file/parse-import-file';
import { readImportFile } from './import-command';

export interface AnalyzeOptions {
  file: string;
  json: boolean;
  /** "Now" as an ISO instant: the last complete months before it are analysed. */
  now?: string;
  seed: number;
  permutations: number;
}

/** The report as one JSON document: findings (measure, medians, delta, q, separates), plan, flags. */
export function reportJson(report: InsightsReport): unknown {
  return {
    status: report.status,
    message: report.message,
    window: report.window,
    sellers: report.sellers,
    topGroup: report.topGroup,
    permutations: report.permutations,
    findings: report.findings.map((f) => ({
      measure: f.measure,
      label: f.label,
      level: f.level,
      topMedian: f.topMedian,
      restMedian: f.restMedian,
      delta: f.delta,
      spearman: f.spearman,
      p: f.p,
      q: f.q,
      separates: f.separates,
      sentence: f.sentence,
      proposedKpi: f.proposedKpi,
    })),
    plan: report.plan,
    flags: report.flags,
  };
}

export function reportText(report: InsightsReport, names: ReadonlyMap<string, string>, locale: string, currency: string): string {
  const lines: string[] = [];
  const name = (id: string) => names.get(id) ?? id;
  lines.push(`What the top sellers do — ${report.window.periods[0]} to ${report.window.periods.at(-1)}, ${report.sellers} sellers compared`);
  if (report.status !== 'ok') lines.push(`  ${report.message}`);
  else {
    lines.push(`  Top group: ${report.topGroup.map(name).join(', ')}`);
    const separating = report.findings.filter((f) => f.separates);
    if (separating.length === 0) lines.push('  No behaviour separates the top sellers from the rest clearly enough (|delta| ≥ 0.33, q ≤ 0.10).');
    for (const f of separating) lines.push(`  • ${f.sentence}${f.proposedKpi ? ` Proposed KPI: ${f.proposedKpi.label}, target ${formatValue(f.proposedKpi.target.value, f.proposedKpi.unit, { locale, currency })} a month.` : ''}`);
    const rest = report.findings.filter((f) => !f.separates).map((f) => f.label);
    if (rest.length > 0) lines.push(`  Not separating: ${rest.join(', ')}.`);
  }
  lines.push('', 'Who learns what');
  if (!report.plan) lines.push('  No plan without findings.');
  else {
    const finding = new Map(report.findings.map((f) => [f.candidateId, f]));
    const value = (itemId: string, v: number) => {
      const f = finding.get(itemId);
      return f ? `${formatValue(v, f.unit, { locale, currency }, f.unit === 'score' ? 5 : null)}${f.perWorkingDay ? ' a working day' : ''}` : String(v);
    };
    for (const item of report.plan.items.filter((i) => i.sellerIds.length > 0)) lines.push(`  ${item.label}: ${item.mode === 'group' ? 'group session' : 'individual coaching'} for ${item.sellerIds.map(name).join(', ')}`);
    for (const s of report.plan.sellers.filter((p) => p.focus.length > 0)) {
      lines.push(`  ${s.name}: ${s.focus.map((f) => (f.baseline !== undefined ? `${f.label} (now ${value(f.itemId, f.baseline)}, top sellers ${value(f.itemId, f.benchmark!)})` : f.label)).join('; ')}`);
    }
  }
  lines.push('', 'Data-quality flags');
  const flagged = report.flags.filter(hasFlags);
  if (flagged.length === 0) lines.push('  None.');
  for (const f of flagged) lines.push(`  ${name(f.sellerId)}: ${describeFlags(f).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Reads a file in the import format (docs/import-format.md) and analyses it; nothing is stored. */
export function analyzeCommand(options: AnalyzeOptions): { report: InsightsReport; text: string } {
  const parsed = parseImportFile(readImportFile(options.file), 'analyze');
  const definition = defaultDefinition({
    ...(parsed.settings.timeZone ? { timeZone: parsed.settings.timeZone } : {}),
    ...(parsed.settings.currency ? { currency: parsed.settings.currency } : {}),
    ...(parsed.settings.locale ? { locale: parsed.settings.locale } : {}),
  });
  const report = runInsights({ definition, sellers: parsed.records.sellers, index: indexBySeller(parsed.records), now: options.now ?? new Date().toISOString(), seed: options.seed, permutations: options.permutations });
  const text = options.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report, new Map(parsed.records.sellers.map((s) => [s.id, s.name])), definition.locale, definition.currency);
  return { report, text };
}
