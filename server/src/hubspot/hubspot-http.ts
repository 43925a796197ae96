import { AppError } from '../errors/app-error';

/**
 * HubSpot over plain `fetch` rather than `@hubspot/api-client`: the SDK has no request timeout
 * (hubspot-api-nodejs#387), keeps its retry rules in a process-wide singleton, throttles per client
 * instead of per portal, and does not wrap OAuth v3 (reference/hubspot.md §3.1, §4.2, Corrections 17).
 * Every request here has a timeout; 429 and 5xx (and a connection that fails) are retried with
 * exponential backoff and jitter, honouring Retry-After; any other answer goes back to the caller.
 */
export const HUBSPOT_API = 'https://api.hubapi.com';

export interface HubSpotHttp {
  request(input: HubSpotRequest): Promise<HubSpotResponse>;
}

export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent form-encoded (OAuth) … */
  form?: Record<string, string>;
  /** … or as JSON. */
  json?: unknown;
  accessToken?: string;
}

export interface HubSpotResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface HubSpotHttpOptions {
  baseUrl?: string;
  timeoutMs?: number;
  /** Attempts after the first, for 429, 5xx and failed connections. */
  retries?: number;
  /** Backoff base; attempt n waits about base × 2^n (with jitter) unless Retry-After says otherwise. */
  backoffMs?: number;
  /** The longest wait for one retry, Retry-After included. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each attempt, retries included (the portal's rate limiter waits here). */
  beforeAttempt?: (input: HubSpotRequest) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export function createHubSpotHttp(options: HubSpotHttpOptions = {}): HubSpotHttp {
  const baseUrl = options.baseUrl ?? HUBSPOT_API;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  return {
    async request(input) {
      const url = new URL(input.path, baseUrl);
      for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
      const headers: Record<string, string> = { accept: 'application/json' };
      if (input.accessToken !== undefined) headers.authorization = `Bearer ${input.accessToken}`;
      let body: string | undefined;
      if (input.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(input.form).toString();
      } else if (input.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(input.json);
      }
      let lastProblem = '';
      for (let attempt = 0; ; attempt++) {
        await options.beforeAttempt?.(input);
        let wait: number | null = null;
        try {
          const res = await fetch(url, { method: input.method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(timeoutMs) });
          const text = await res.text();
          if (res.status !== 429 && res.status < 500) {
            let parsed: unknown = null;
            if (text !== '') {
              try {
                parsed = JSON.parse(text);
              } catch {
                throw new AppError('crm_unavailable', `HubSpot answered ${input.method} ${url.pathname} with a body that is not JSON (HTTP ${res.status})`);
              }
            }
            return { status: res.status, body: parsed, headers: res.headers };
          }
          lastProblem = `HTTP ${res.status}`;
          wait = retryAfterMs(res.headers.get('retry-after'), Date.now());
        } catch (error) {
          if (error instanceof AppError) throw error;
          // A timeout or a connection that failed: worth another attempt like a 5xx.
          lastProblem = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the connection failed';
        }
        if (attempt >= retries) break;
        const backoff = backoffMs * 2 ** attempt;
        await sleep(Math.min(maxWaitMs, wait ?? backoff / 2 + Math.random() * backoff));
      }
      // Only the path: a query may carry ids, never a token (tokens go in headers and bodies).
      throw new AppError('crm_unavailable', `HubSpot did not answer ${input.method} ${url.pathname} after ${retries + 1} attempts (${lastProblem})`);
    },
  };
}
