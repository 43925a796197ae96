import { createHmac } from 'node:crypto';
import { urlCandidates, verifySignature, type SignedRequest } from '../../../server/src/hubspot/signature';

// Each request is signed here with node:crypto, the way HubSpot documents it (reference/hubspot.md §4.4).
const SECRET = 'a-client-secret-of-the-app-0123456789';
const NOW = Date.parse('2026-12-01T07:00:00.000Z');
const URL = 'https://scorecard.example.com/api/v1/hubspot/record-card?objectType=companies&objectId=123&portalId=24681357&userId=7654321';

function sign(method: string, url: string, body: string, timestamp: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(method + url + body + timestamp).digest('base64');
}

function request(overrides: Partial<SignedRequest> = {}): SignedRequest {
  const timestamp = String(NOW - 1000);
  return { method: 'GET', url: URL, rawBody: '', timestamp, signature: sign('GET', URL, '', timestamp), ...overrides };
}

describe('the v3 signature check', () => {
  it('accepts a request signed with the client secret', () => {
    expect(verifySignature(request(), SECRET, NOW)).toEqual({ ok: true });
  });

  it('covers the raw body of a POST', () => {
    const body = '{"by":"self","answers":{"w1":4}}';
    const timestamp = String(NOW);
    const signed = { method: 'POST', url: URL, rawBody: body, timestamp, signature: sign('POST', URL, body, timestamp) };
    expect(verifySignature(signed, SECRET, NOW)).toEqual({ ok: true });
    expect(verifySignature({ ...signed, rawBody: body.replace('4', '5') }, SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a tampered query, method or path', () => {
    expect(verifySignature(request({ url: URL.replace('objectId=123', 'objectId=124') }), SECRET, NOW).ok).toBe(false);
    expect(verifySignature(request({ url: URL.replace('userId=7654321', 'userId=7654322') }), SECRET, NOW).ok).toBe(false);
    expect(verifySignature(request({ url: `${URL}&portalId=1` }), SECRET, NOW).ok).toBe(false);
    expect(verifySignature(request({ method: 'POST' }), SECRET, NOW).ok).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    const timestamp = String(NOW);
    expect(verifySignature(request({ timestamp, signature: sign('GET', URL, '', timestamp, 'another-secret-0123456789') }), SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a stale request before comparing anything, and one from the future', () => {
    const old = String(NOW - 5 * 60 * 1000 - 1);
    expect(verifySignature(request({ timestamp: old, signature: sign('GET', URL, '', old) }), SECRET, NOW)).toEqual({ ok: false, reason: 'stale' });
    const edge = String(NOW - 5 * 60 * 1000);
    expect(verifySignature(request({ timestamp: edge, signature: sign('GET', URL, '', edge) }), SECRET, NOW)).toEqual({ ok: true });
    const ahead = String(NOW + 5 * 60 * 1000 + 1);
    expect(verifySignature(request({ timestamp: ahead, signature: sign('GET', URL, '', ahead) }), SECRET, NOW)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses a missing signature or timestamp, and a timestamp that is not whole milliseconds', () => {
    expect(verifySignature(request({ signature: undefined }), SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(request({ timestamp: undefined }), SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(request({ signature: '' }), SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    const float = `${NOW}.5`;
    expect(verifySignature(request({ timestamp: float, signature: sign('GET', URL, '', float) }), SECRET, NOW)).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifySignature(request({ signature: 'not base64 at all' }), SECRET, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts a signature over the URL with its escapes decoded, as HubSpot signs some', () => {
    const escaped = 'https://scorecard.example.com/api/v1/hubspot/record-card?objectType=contacts&objectId=9&userEmail=ann%40example.com&portalId=1&userId=2';
    const decoded = escaped.replace('%40', '@');
    const timestamp = String(NOW);
    expect(verifySignature({ method: 'GET', url: escaped, rawBody: '', timestamp, signature: sign('GET', decoded, '', timestamp) }, SECRET, NOW)).toEqual({ ok: true });
    expect(verifySignature({ method: 'GET', url: escaped, rawBody: '', timestamp, signature: sign('GET', escaped, '', timestamp) }, SECRET, NOW)).toEqual({ ok: true });
    expect(urlCandidates('https://x.test/a?b=%ZZ')).toEqual(['https://x.test/a?b=%ZZ']);
  });
});
