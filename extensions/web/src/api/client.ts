import type { ErrorEnvelope } from '@balanced-scorecard/shared';

/** Talks to the service. In demo mode it says whom the visitor views as; the server ignores that header otherwise. */
export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<T>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: NonNullable<ErrorEnvelope['error']['issues']> = [],
  ) {
    super(message);
  }
}

export const DEMO_USER_KEY = 'balanced-scorecard.demo-user';

/** Who the client speaks for: a demo user (demo mode), or the bearer token of an embedded session (kept in memory only). */
export type ClientIdentity = { demoUser: string } | { bearer: string } | null;

export function createApiClient(identity: () => ClientIdentity, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const who = identity();
    if (who && 'demoUser' in who) headers['x-demo-user'] = who.demoUser;
    if (who && 'bearer' in who) headers.authorization = `Bearer ${who.bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetchImpl(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const env = json as Partial<ErrorEnvelope> | null;
      throw new ApiError(res.status, env?.error?.code ?? 'http_error', env?.error?.message ?? `HTTP ${res.status}`, env?.error?.issues ?? []);
    }
    return json as T;
  }
  return {
    get: (path) => request('GET', path),
    send: (method, path, body) => request(method, path, body),
  };
}
