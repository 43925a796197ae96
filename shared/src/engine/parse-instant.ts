/**
 * ISO 8601 instant → UTC ms. The common UTC form ("2026-03-31T21:30:00.000Z", as every
 * connector writes it) is read digit by digit, several times faster than Date.parse on a million
 * records; anything else (offsets, fewer fraction digits) goes through Date.parse.
 */
export function parseInstant(s: string): number {
  const len = s.length;
  if ((len === 24 || len === 20) && s.charCodeAt(len - 1) === 90 && s.charCodeAt(10) === 84 && s.charCodeAt(4) === 45) {
    const year = d4(s, 0);
    const month = d2(s, 5);
    const day = d2(s, 8);
    const hour = d2(s, 11);
    const minute = d2(s, 14);
    const second = d2(s, 17);
    const ms = len === 24 && s.charCodeAt(19) === 46 ? d2(s, 20) * 10 + digit(s, 22) : 0;
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0) {
      return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    }
  }
  return Date.parse(s);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1e9;
}

function d2(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

function d4(s: string, i: number): number {
  return d2(s, i) * 100 + d2(s, i + 2);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
