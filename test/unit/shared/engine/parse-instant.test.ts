import fc from 'fast-check';
import { parseInstant, parseInstantInto, readCommonInstant } from '@balanced-scorecard/shared';

/** Object.is, so that NaN equals NaN. */
const same = (a: number, b: number) => Object.is(a, b);
/** Every instant a record can carry: years 0000 to 9999. */
const anyInstant = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });

describe('reading ISO 8601 instants', () => {
  it('reads the common UTC form, with and without milliseconds, on its fast path and exactly as Date.parse does', () => {
    fc.assert(
      fc.property(anyInstant, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(readCommonInstant(iso)).toBe(ms);
        expect(parseInstant(iso)).toBe(ms);
        const seconds = `${iso.slice(0, 19)}Z`;
        expect(readCommonInstant(seconds)).toBe(Date.parse(seconds));
        const out = new Float64Array(2);
        parseInstantInto(iso, out, 1);
        expect(out[1]).toBe(ms);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the edges of every field', () => {
    for (const iso of ['0000-01-01T00:00:00.000Z', '0000-02-29T12:00:00.000Z', '0399-12-31T23:59:59.999Z', '0400-03-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2026-02-28T23:59:59Z', '2026-03-01T00:00:00Z', '2026-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z']) {
      expect(readCommonInstant(iso)).toBe(Date.parse(iso));
    }
    // Day 31 of a shorter month rolls over, as Date.parse does.
    expect(readCommonInstant('2026-02-31T00:00:00.000Z')).toBe(Date.parse('2026-03-03T00:00:00.000Z'));
  });

  it('leaves every other form to Date.parse, and one changed character never reads as another instant', () => {
    expect(readCommonInstant('2026-03-31T23:30:00+02:00')).toBeNaN();
    expect(parseInstant('2026-03-31T23:30:00+02:00')).toBe(Date.parse('2026-03-31T21:30:00Z'));
    expect(readCommonInstant('2026-03-31T21:30:00.5Z')).toBeNaN();
    expect(parseInstant('2026-03-31T21:30:00.5Z')).toBe(Date.parse('2026-03-31T21:30:00.500Z'));
    for (const bad of ['2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-00T00:00:00Z', '2026-01-32T00:00:00Z', '2026-01-01T24:00:00.000Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z', '2026-03-31T21:3a:00.000Z', 'not a date at all, no...Z', '', '2026-03-31T21:30:00.000', '2026-03-31 21:30:00.000Z', '2026-03-31T21:30:00,000Z']) {
      expect(readCommonInstant(bad)).toBeNaN();
      expect(same(parseInstant(bad), Date.parse(bad))).toBe(true);
    }
    // Each character of both common forms replaced by each of these, one at a time.
    for (const valid of ['2026-03-31T21:30:59.999Z', '2026-03-31T21:30:59Z']) {
      for (let i = 0; i < valid.length; i++) {
        for (const c of ['/', ':', '-', '.', 'T', 'Z', ' ', 'a', '0', '9', '\u0000']) {
          const changed = valid.slice(0, i) + c + valid.slice(i + 1);
          const fast = readCommonInstant(changed);
          if (!Number.isNaN(fast)) expect(fast).toBe(Date.parse(changed));
          expect(same(parseInstant(changed), Date.parse(changed))).toBe(true);
        }
      }
    }
  });
});
