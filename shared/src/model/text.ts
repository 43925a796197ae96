import { z } from 'zod';

/**
 * What the store can hold, checked where input enters (HTTP, import files, CRM payloads):
 * - text without NUL (PostgreSQL text refuses it) and without lone UTF-16 surrogates (not
 *   Unicode; jsonb refuses them, and UTF-8 cannot carry them);
 * - instants with a year from 0001 (PostgreSQL has no year 0) and an offset within ±15:59;
 * - keys that are data, never `__proto__` (which an object cannot hold as its own key).
 */
const STORABLE = /^[^\u0000\p{Cs}]*$/u;

export function text(): z.ZodString {
  return z.string().regex(STORABLE, 'contains a NUL character or a lone surrogate, which cannot be stored');
}

/** An id used as a key of an object: storable. */
export function keyText(): z.ZodString {
  return text();
}

/**
 * An object whose keys are data (ids). A parsed JSON `__proto__` key is an own key, which a plain
 * record would drop without a word; it is refused instead.
 */
export function dataRecord<K extends z.ZodType<string, string>, V extends z.ZodType>(key: K, value: V) {
  return z.preprocess((input, ctx) => {
    if (input !== null && typeof input === 'object' && Object.hasOwn(input, '__proto__')) {
      ctx.issues.push({ code: 'custom', message: '"__proto__" is not allowed as a key', input, path: ['__proto__'] });
    }
    return input;
  }, z.record(key, value));
}

const OFFSET = /(?:Z|([+-])(\d\d):(\d\d))$/;

/** ISO 8601 with an offset, as PostgreSQL's timestamptz stores it. */
export function instant() {
  return z.iso.datetime({ offset: true }).refine(storableInstant, 'a year from 0001 and an offset within ±15:59');
}

export function storableInstant(s: string): boolean {
  if (s.startsWith('0000')) return false;
  const m = OFFSET.exec(s);
  if (!m) return false;
  if (m[1] === undefined) return true;
  return Number(m[2]) <= 15 && Number(m[3]) <= 59;
}

/** Looks up a key of an object that holds data (ids as keys): own properties only, so "constructor" or "toString" is just an id. */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
