import type { SellerFlags } from './insights/flags';
import type { IndicatorResult } from './model/scorecard';

/** How every view (the web view, the HubSpot card, home and settings) writes numbers, scores and statuses. */

export interface NumberFormats {
  locale: string;
  currency: string;
}

/** A value in the unit of its indicator, in the tenant's locale and currency, with its scale when it has one ("4 / 5"). */
export function formatValue(value: number | null, unit: IndicatorResult['unit'], f: NumberFormats, scaleMax: number | null = null): string {
  if (value === null) return '—';
  if (scaleMax !== null) return `${new Intl.NumberFormat(f.locale, { maximumFractionDigits: 1 }).format(value)} / ${scaleMax}`;
  switch (unit) {
    case 'currency':
      return new Intl.NumberFormat(f.locale, { style: 'currency', currency: f.currency, maximumFractionDigits: 0 }).format(value);
    case 'percent':
      return new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
    case 'hours':
      return `${new Intl.NumberFormat(f.locale, { maximumFractionDigits: 1 }).format(value)} h`;
    case 'score':
      return new Intl.NumberFormat(f.locale, { maximumFractionDigits: 1 }).format(value);
    case 'count':
      return new Intl.NumberFormat(f.locale, { maximumFractionDigits: 1 }).format(value);
  }
}

export function formatScore(value: number | null, locale: string): string {
  return value === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A 0–100 score with its scale, as a reader needs it: "63 / 100". */
export function formatScoreOf100(value: number | null, locale: string): string {
  return value === null ? '—' : `${formatScore(value, locale)} / 100`;
}

/** An attainment (1 = on target) as a percent of target or of the pace so far. */
export function formatAttainment(value: number | null, locale: string): string {
  return value === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export const LEVEL_LABEL = { result: 'Result', activity: 'Activity', will: 'Will', foundation: 'Foundation' } as const;

export const STATUS_WORD = { green: 'On target', amber: 'Close', red: 'Behind', grey: 'No data yet' } as const;

/** What each status means, for the legend. */
export const STATUS_MEANING = {
  green: 'at least 90 % of the target by default (in a running period, of the pace so far)',
  amber: '70–90 %',
  red: 'under 70 %',
  grey: 'no data yet, or too early in the period to judge'
} as const;

/** The words at the ends of the 1–5 check-in scale. */
export const CHECK_IN_SCALE_ENDS = { 1: 'not at all', 5: 'fully' } as const;

/** A behaviour's value as the insights compare it: in its unit, per working day for counts and sums. */
export function formatFindingValue(value: number | null | undefined, f: { unit: IndicatorResult['unit']; perWorkingDay: boolean }, formats: NumberFormats): string {
  if (value === null || value === undefined) return '—';
  return `${formatValue(value, f.unit, formats, f.unit === 'score' ? 5 : null)}${f.perWorkingDay ? ' a day' : ''}`;
}

/** How sure a finding is, in words, from its false-discovery-adjusted q. */
export function confidenceWord(q: number | null): string {
  if (q === null) return '—';
  if (q <= 0.01) return 'very sure';
  if (q <= 0.05) return 'sure';
  if (q <= 0.1) return 'fairly sure';
  return 'not sure';
}

/** Whether a seller has any data-quality flag. */
export function hasFlags(f: SellerFlags): boolean {
  return f.shortCalls + f.meetingsWithoutContact + f.withoutOutcome + f.burstsBeforeClose.length > 0;
}

/** A seller's flags in words, one phrase each ("3 calls under 10 s"). */
export function describeFlags(f: SellerFlags): string[] {
  const out: string[] = [];
  if (f.burstsBeforeClose.length > 0) out.push(`bursts before month end (${f.burstsBeforeClose.map((b) => b.periodKey).join(', ')})`);
  if (f.shortCalls > 0) out.push(`${f.shortCalls} calls under 10 s`);
  if (f.meetingsWithoutContact > 0) out.push(`${f.meetingsWithoutContact} meetings without a contact`);
  if (f.withoutOutcome > 0) out.push(`${f.withoutOutcome} calls or meetings without an outcome`);
  return out;
}

/** One cell of the who-learns-what matrix: the seller's gap on the item, and whether it is one of their focus items. */
export function planCell<G extends { sellerId: string; itemId: string }>(
  plan: { gaps: readonly G[]; sellers: readonly { sellerId: string; focus: readonly { itemId: string }[] }[] },
  sellerId: string,
  itemId: string,
): { gap: G | undefined; focus: boolean } {
  return {
    gap: plan.gaps.find((g) => g.sellerId === sellerId && g.itemId === itemId),
    focus: plan.sellers.some((s) => s.sellerId === sellerId && s.focus.some((f) => f.itemId === itemId)),
  };
}
