import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot's v3 request signature (reference/hubspot.md §4.4): base64 of
 * HMAC-SHA256(client secret, METHOD + full URL + raw body + timestamp), the timestamp in
 * milliseconds as sent in X-HubSpot-Request-Timestamp. Pure: the clock is a parameter.
 */
export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
/** Older than this is refused before anything else is computed; so is a timestamp this far ahead. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called: scheme, host, path and query, as received. */
  url: string;
  /** The body exactly as received; "" when there is none. */
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'bad_timestamp' | 'stale' | 'future' | 'mismatch' };

/** Characters HubSpot's docs decode in the URI before signing; the whole URL decoded is tried too. */
const DECODED: ReadonlyArray<[RegExp, string]> = [
  ['%3A', ':'], ['%2F', '/'], ['%3F', '?'], ['%40', '@'], ['%21', '!'], ['%24', '$'],
  ['%27', "'"], ['%28', '('], ['%29', ')'], ['%2A', '*'], ['%2C', ','], ['%3B', ';'],
].map(([code, char]) => [new RegExp(code!, 'gi'), char!]);

/** The URL as signed: raw, with the documented characters decoded, and fully decoded (distinct). */
export function urlCandidates(url: string): string[] {
  const partly = DECODED.reduce((u, [code, char]) => u.replace(code, char), url);
  let fully: string | null = null;
  try {
    fully = decodeURIComponent(url);
  } catch {
    // A malformed escape: only the raw and partly decoded forms can have been signed.
  }
  return [...new Set([url, partly, ...(fully === null ? [] : [fully])])];
}

export function computeSignature(secret: string, method: string, url: string, rawBody: string, timestamp: string): Buffer {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}${url}${rawBody}${timestamp}`, 'utf8').digest();
}

/** Base64 of exactly 32 bytes, canonical: anything else cannot be a v3 signature. */
function decodeSignature(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text ? bytes : null;
}

export function verifySignature(request: SignedRequest, secret: string, nowMs: number): SignatureVerdict {
  const { signature, timestamp } = request;
  if (signature === undefined || signature === '' || timestamp === undefined || timestamp === '') return { ok: false, reason: 'missing' };
  // Milliseconds as an integer; a float or a date string is not a HubSpot timestamp.
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const at = Number(timestamp);
  if (nowMs - at > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale' };
  if (at - nowMs > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'future' };
  const given = decodeSignature(signature);
  // Every candidate is computed and compared, so the time taken does not say which one matched.
  let matched = false;
  for (const url of urlCandidates(request.url)) {
    const expected = computeSignature(secret, request.method, url, request.rawBody, timestamp);
    if (given !== null && timingSafeEqual(expected, given)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
