import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Access, Policy } from '../auth/access';
import type { AppDeps } from './app-deps';

/**
 * A route is declared once: its schemas validate the request (undeclared fields rejected),
 * type the handler, and write the OpenAPI document.
 */
export interface RouteContext<P, Q, B, A extends Access | null = Access | null> {
  params: P;
  query: Q;
  body: B;
  /** The caller: always there unless the route is public. */
  access: A;
  deps: AppDeps;
  req: IncomingMessage;
  res: ServerResponse;
}

interface RouteBase<P, Q, B> {
  method: 'get' | 'post' | 'put' | 'patch';
  /** Express-style path (the router is Express's own): /api/v1/sellers/:sellerId/scorecard */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType;
  status?: number;
  /** Error codes this route answers with, for the OpenAPI document. */
  errors?: readonly string[];
}

/**
 * Who may call it (auth/access.ts, Policy) is part of every route, and checked before its
 * handler runs: after the caller is known and the path parameters parsed, before the body is read.
 */
export type RouteDefinition<P = unknown, Q = unknown, B = unknown> =
  | (RouteBase<P, Q, B> & { policy: 'public'; handler(ctx: RouteContext<P, Q, B, null>): Promise<unknown> })
  | (RouteBase<P, Q, B> & { policy: Exclude<Policy, 'public'>; handler(ctx: RouteContext<P, Q, B, Access>): Promise<unknown> });

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(route: RouteDefinition<P, Q, B>): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** A body serialised already (cached): UTF-8 JSON bytes, sent as they are. */
export class RawJson {
  constructor(readonly body: Buffer) {}
}
