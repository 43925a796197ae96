import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Access } from '../auth/access';
import type { AppDeps } from './app-deps';

/**
 * A route is declared once: its schemas validate the request (undeclared fields rejected),
 * type the handler, and write the OpenAPI document.
 */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  access: Access | null;
  deps: AppDeps;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'put' | 'patch';
  /** Express-style path (the router is Express's own): /api/v1/sellers/:sellerId/scorecard */
  path: string;
  summary: string;
  tag: string;
  /** Needs a signed-in user (the handler receives their access). */
  auth: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType;
  status?: number;
  /** Error codes this route answers with, for the OpenAPI document. */
  errors?: readonly string[];
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(route: RouteDefinition<P, Q, B>): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** A body serialised already (cached): UTF-8 JSON bytes, sent as they are. */
export class RawJson {
  constructor(readonly body: Buffer) {}
}
