import { hubspot } from '@hubspot/ui-extensions';
import type { z } from 'zod';
import { ErrorEnvelopeSchema } from '@balanced-scorecard/shared/src/model/api';
import service from './service-origin.json';

/** The service's public https origin: `app-hsmeta.json` permits fetches to it (the project check holds them equal). */
export const SERVICE_ORIGIN: string = service.origin;

/** Under HubSpot's 15 s `hubspot.fetch` window, so the card says "try again" before HubSpot gives up. */
export const FETCH_TIMEOUT_MS = 12_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a view needs of `hubspot.fetch`; tests hand in their own. */
export type Fetcher = (url: string, options: { method: Method; timeout: number; body?: Record<string, unknown> }) => Promise<FetchedResponse>;

/** The part of a fetch Response a view reads. */
export interface FetchedResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

export const hubspotFetcher: Fetcher = (url, options) => hubspot.fetch(url, options);

/** Who asks: the portal and the user from the extension's context; the service trusts them only under HubSpot's signature. */
export interface Identity {
  portalId: number | string;
  userId: number | string;
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/**
 * The local dev proxy (and, it says, production) hands a backend error to the card as HTTP 200
 * with `{status: 'error', category, message, responseBody}` (reference/hubspot.md, Corrections 11).
 */
function proxiedError(body: unknown): { status: number; body: unknown } | null {
  if (typeof body !== 'object' || body === null || (body as { status?: unknown }).status !== 'error' || !('category' in body)) return null;
  const raw = (body as { responseBody?: unknown }).responseBody;
  let inner: unknown = raw;
  if (typeof raw === 'string') {
    try {
      inner = JSON.parse(raw);
    } catch {
      inner = null;
    }
  }
  const code = ErrorEnvelopeSchema.safeParse(inner).success ? (inner as { error: { code: string } }).error.code : null;
  const status = code === 'forbidden' ? 403 : code === 'unauthenticated' ? 401 : code === 'not_found' ? 404 : code === 'validation_failed' ? 400 : 502;
  return { status, body: inner ?? { error: { code: 'crm_unavailable', message: String((body as { message?: unknown }).message ?? 'The service could not be reached') } } };
}

function toError(status: number, body: unknown): ApiError {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.issues?.map(({ path, message }) => ({ path, message })) ?? []);
  return new ApiError(status, 'unexpected', `The service answered HTTP ${status}`);
}

export interface Api {
  get<T>(path: string, schema: z.ZodType<T>, query?: Record<string, string | undefined>): Promise<T>;
  send<T>(method: Exclude<Method, 'GET'>, path: string, body: Record<string, unknown>, schema: z.ZodType<T>): Promise<T>;
}

/** One call to the service per request: the identity parameters added, the answer parsed by the contract's schema. */
export function createApi(fetcher: Fetcher, identity: Identity, origin: string = SERVICE_ORIGIN): Api {
  async function call<T>(method: Method, path: string, schema: z.ZodType<T>, query: Record<string, string | undefined>, body?: Record<string, unknown>): Promise<T> {
    const params: [string, string][] = [...Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined), ['portalId', String(identity.portalId)], ['userId', String(identity.userId)]];
    const url = `${origin}${path}?${params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')}`;
    let res: FetchedResponse;
    try {
      res = await fetcher(url, { method, timeout: FETCH_TIMEOUT_MS, ...(body ? { body } : {}) });
    } catch (error) {
      throw new ApiError(0, 'unreachable', `The scorecard service could not be reached (${error instanceof Error ? error.message : 'no answer'})`);
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    const proxied = res.ok ? proxiedError(json) : null;
    if (proxied) throw toError(proxied.status, proxied.body);
    if (!res.ok) throw toError(res.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError(res.status, 'bad_response', 'The service answered in a shape this card does not know; the app may need an update');
    return parsed.data;
  }
  return {
    get: (path, schema, query = {}) => call('GET', path, schema, query),
    send: (method, path, body, schema) => call(method, path, schema, {}, body),
  };
}
