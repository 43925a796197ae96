import type { IndicatorResult } from '@balanced-scorecard/shared';

export interface NumberFormats {
  locale: string;
  currency: string;
}

/** A value in the unit of its indicator, in the tenant's locale and currency. */
export function formatValue(value: number | null, unit: IndicatorResult['unit'], f: NumberFormats): string {
  if (value === null) return '—';
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

export const LEVEL_LABEL = { result: 'Result', activity: 'Activity', will: 'Will', foundation: 'Foundation' } as const;

export const STATUS_CLASS = {
  green: 'slds-theme_success',
  amber: 'slds-theme_warning',
  red: 'slds-theme_error',
  grey: 'slds-theme_shade',
} as const;

export const STATUS_WORD = { green: 'On target', amber: 'Close', red: 'Behind', grey: 'No data' } as const;
