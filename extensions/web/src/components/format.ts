export { formatAttainment, formatScore, formatScoreOf100, formatValue, LEVEL_LABEL, STATUS_MEANING, STATUS_WORD, type NumberFormats } from '@balanced-scorecard/shared';

/** Colours of the statuses the service sends (the view never works a status out itself). */
export const STATUS_CLASS = {
  green: 'bs-status_green',
  amber: 'bs-status_amber',
  red: 'bs-status_red',
  grey: 'bs-status_grey',
} as const;
