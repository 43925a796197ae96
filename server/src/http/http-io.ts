import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';

/** The path of a request, without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * The query string as name → value(s), the way Express's "simple" query parser reads it
 * (node:querystring): repeated names give arrays, nothing is nested.
 */
export function queryOf(req: IncomingMessage): Record<string, string | string[]> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? {} : { ...querystring.parse(url.slice(q + 1)) } as Record<string, string | string[]>;
}

/** Sends JSON: a value is serialised, bytes (a cached body) are sent as they are. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', bytes.length);
  // Answers are per user and change with the data: no browser or proxy may keep one.
  res.setHeader('cache-control', 'no-store');
  res.end(bytes);
}

/** One request header's value, undefined when absent (Node joins repeated custom headers into one string). */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
