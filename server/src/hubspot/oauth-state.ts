import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error';

/**
 * The OAuth `state` of an install: signed, expiring, bound to a cookie set in the browser that
 * started the install, and accepted once (the caller spends its nonce in the store).
 * Form: base64url(JSON {n: nonce, e: expiry ms}) "." base64url(HMAC-SHA256).
 */
export const STATE_TTL_MS = 10 * 60 * 1000;
export const STATE_COOKIE = 'bs_hubspot_oauth';

export interface IssuedState {
  state: string;
  nonce: string;
  expiresAt: Date;
}

export interface OAuthStateSigner {
  issue(now: Date): IssuedState;
  /** The nonce and expiry of a state that is well-formed, signed by us, unexpired and from this browser (its cookie). */
  check(state: string | undefined, cookieNonce: string | undefined, now: Date): { nonce: string; expiresAt: Date };
}

export function createOAuthStateSigner(clientSecret: string): OAuthStateSigner {
  // A key of its own, derived from the client secret: a state is never a valid signature of anything else.
  const key = Buffer.from(hkdfSync('sha256', clientSecret, 'balanced-scorecard', 'hubspot oauth state', 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  const refuse = (why: string) => new AppError('oauth_state_invalid', `The install link is not valid: ${why}. Start the install again.`);
  return {
    issue(now) {
      const nonce = randomBytes(18).toString('base64url');
      const expiresAt = new Date(now.getTime() + STATE_TTL_MS);
      const payload = Buffer.from(JSON.stringify({ n: nonce, e: expiresAt.getTime() })).toString('base64url');
      return { state: `${payload}.${mac(payload).toString('base64url')}`, nonce, expiresAt };
    },
    check(state, cookieNonce, now) {
      if (state === undefined || state === '') throw refuse('it carries no state');
      const [payload, signature, extra] = state.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined || !/^[A-Za-z0-9_-]{1,200}$/.test(payload)) throw refuse('its state is malformed');
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('its state is not ours');
      let parsed: { n?: unknown; e?: unknown };
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { n?: unknown; e?: unknown };
      } catch {
        throw refuse('its state is malformed');
      }
      if (typeof parsed.n !== 'string' || typeof parsed.e !== 'number') throw refuse('its state is malformed');
      if (now.getTime() > parsed.e) throw refuse('it has expired');
      const a = Buffer.from(parsed.n);
      const b = Buffer.from(cookieNonce ?? '');
      if (cookieNonce === undefined || a.length !== b.length || !timingSafeEqual(a, b)) throw refuse('it was started in another browser');
      return { nonce: parsed.n, expiresAt: new Date(parsed.e) };
    },
  };
}
