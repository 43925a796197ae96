import type { PeriodKind } from '../model/definition';
import { periodContaining, periodFromKey, periodsEndingWith, type Calendar } from './periods';
import { isoDateOfCivilDay } from './time-zone';

export interface CheckInWindow {
  cadence: PeriodKind;
  graceDays: number;
}

export type CheckInPeriod = { ok: true; key: string } | { ok: false; message: string };

/**
 * Which period a check-in given now belongs to: the running period of the tenant's cadence, or —
 * during the first `graceDays` days of it, in the tenant's time zone — the one before, to give or
 * correct it late. Any other key (past, future, another kind) is refused, so a check-in never
 * rewrites what earlier periods' aggregates were built from.
 */
export function checkInPeriod(window: CheckInWindow, nowMs: number, cal: Calendar, requestedKey?: string): CheckInPeriod {
  const running = periodContaining(window.cadence, nowMs, cal);
  if (requestedKey === undefined || requestedKey === running.key) return { ok: true, key: running.key };
  const requested = periodFromKey(requestedKey, cal);
  if (!requested || requested.kind !== window.cadence) {
    return { ok: false, message: `Check-ins here are per ${window.cadence}: "${requestedKey}" is not a ${window.cadence} (the running one is ${running.key})` };
  }
  const previous = periodsEndingWith(running, 2, cal)[0]!;
  const graceEndDay = running.firstDay + window.graceDays;
  const graceEnds = cal.clock.startOfCivilDay(graceEndDay);
  if (requested.key === previous.key && nowMs < graceEnds) return { ok: true, key: previous.key };
  if (requested.key === previous.key) {
    return { ok: false, message: `The check-in for ${previous.key} closed on ${isoDateOfCivilDay(graceEndDay)}; this one is for ${running.key}` };
  }
  return { ok: false, message: `A check-in is for the running ${window.cadence}, ${running.key}${window.graceDays > 0 ? ` (or ${previous.key} until ${isoDateOfCivilDay(graceEndDay)})` : ''}; "${requestedKey}" is closed or not open yet` };
}
