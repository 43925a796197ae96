import type { Fetcher } from '../app/cards/lib/api';
import { HUBSPOT_ENV, HUBSPOT_PUBLIC_URL, signedRequest } from '../../../test/support/hubspot-signing';
import { startTestService, type TestService } from '../../../test/support/service';

/** The demo bridge: HubSpot portal 24681357, its users mapped to the demo's seller, manager and admin. */
export const BRIDGE_PORTAL = 24681357;
export const BRIDGE_USERS = { seller: 7654321, manager: 7654323, admin: 7654322, stranger: 7654399 } as const;

export function startBridgeService(): Promise<TestService> {
  return startTestService({
    env: { ...HUBSPOT_ENV, DEMO_HUBSPOT_PORTAL_ID: String(BRIDGE_PORTAL), DEMO_HUBSPOT_USERS: '7654321:user-seller-001,7654322:user-admin,7654323:user-manager-1,7654399:user-nobody' },
  });
}

export interface Call {
  method: string;
  url: string;
  timeout: number;
  body?: Record<string, unknown>;
}

/**
 * `hubspot.fetch` as HubSpot's proxy runs it: the request to the service's public URL, signed
 * with the app's secret, answered by the real service. Every call is kept for the test to read.
 */
export function serviceFetcher(svc: TestService, calls: Call[] = []): Fetcher & { calls: Call[] } {
  const fetcher = async (url: string, options: Parameters<Fetcher>[1]) => {
    calls.push({ method: options.method, url, timeout: options.timeout, ...(options.body ? { body: options.body } : {}) });
    if (!url.startsWith(HUBSPOT_PUBLIC_URL)) throw new Error(`not the service's public URL: ${url}`);
    const res = await signedRequest(svc.app, options.method, url.slice(HUBSPOT_PUBLIC_URL.length), options.body);
    return { ok: res.status >= 200 && res.status < 300, status: res.status, json: async () => res.body as unknown };
  };
  return Object.assign(fetcher, { calls });
}

/** A fetcher that answers each call from the list in turn (a function may look at the call). */
export function scriptedFetcher(answers: ((call: Call) => { status: number; body: unknown } | Promise<never>)[]): Fetcher & { calls: Call[] } {
  const calls: Call[] = [];
  const fetcher = async (url: string, options: Parameters<Fetcher>[1]) => {
    const call = { method: options.method, url, timeout: options.timeout, ...(options.body ? { body: options.body } : {}) };
    calls.push(call);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    const { status, body } = await answer(call);
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return Object.assign(fetcher, { calls });
}

/** The service's fetcher, but calls matching a route are answered from the list instead (in turn, the last one repeating). */
export function withOverrides(base: Fetcher & { calls: Call[] }, method: string, path: RegExp, answers: ((call: Call) => { status: number; body: unknown })[]): Fetcher & { calls: Call[] } {
  let used = 0;
  const fetcher = async (url: string, options: Parameters<Fetcher>[1]) => {
    if (options.method !== method || !path.test(url)) return base(url, options);
    const call = { method: options.method, url, timeout: options.timeout, ...(options.body ? { body: options.body } : {}) };
    base.calls.push(call);
    const { status, body } = answers[Math.min(used++, answers.length - 1)]!(call);
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return Object.assign(fetcher, { calls: base.calls });
}
