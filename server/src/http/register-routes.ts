import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from 'router';
import typeIs from 'type-is';
import type { z } from 'zod';
import { allows, REFUSAL, resolveAccess, type Access, type PolicyTarget } from '../auth/access';
import { AppError } from '../errors/app-error';
import { toIssues } from '../errors/zod-issues';
import type { AppDeps } from './app-deps';
import { queryOf, sendJson } from './http-io';
import { RawJson, type RouteDefinition } from './route';

/** A request as the router hands it on: its path parameters, and the body once read. */
type ApiRequest = Router.Request & { body?: unknown };
type Next = (error?: unknown) => void;
/** Reads a JSON body into `req.body` (body-parser's json, configured by createApp). */
export type BodyReader = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

export const JSON_TYPES = ['application/json', 'application/*+json'];

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'params' | 'query' | 'body'): T {
  if (!schema) {
    const empty = value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) throw new AppError('validation_failed', `This route takes no ${where}`, { issues: [{ path: where, message: 'not expected' }] });
    return undefined as T;
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('validation_failed', `Invalid ${where}`, { issues: toIssues(result.error, where) });
  return result.data;
}

function withoutParams(query: Record<string, string | string[]>, names: readonly string[]): Record<string, string | string[]> {
  if (names.length === 0) return query;
  const rest = { ...query };
  for (const name of names) delete rest[name];
  return rest;
}

/** Mounts each declared route: authenticate, parse params, query and body, then call the handler. */
export function registerRoutes(router: Router.Router, routes: readonly RouteDefinition[], deps: AppDeps, readBody: BodyReader): void {
  for (const route of routes) {
    const run = async (req: ApiRequest, res: ServerResponse): Promise<void> => {
      let access: Access | null = null;
      let consumed: readonly string[] = [];
      if (route.policy !== 'public') {
        let principal = null;
        for (const authenticator of deps.authenticators) {
          principal = await authenticator.authenticate(req);
          if (principal) break;
        }
        if (!principal) throw new AppError('unauthenticated', 'Sign in through HubSpot or Salesforce to see scorecards');
        consumed = principal.consumedQuery ?? [];
        const data = await deps.scorecards.data(principal.tenantId);
        const user = data.usersById.get(principal.userId);
        access = data.accessByUser.get(principal.userId) ?? resolveAccess(data, principal.userId, user);
        // Only users the tenant knows are remembered: unknown ids must not grow the cache.
        if (user || !access.roles.includes('none')) data.accessByUser.set(principal.userId, access);
        if (!user && access.roles.includes('none')) throw new AppError('unauthenticated', 'This user is not known in the tenant');
      }
      const params = parse(route.params, { ...req.params }, 'params');
      // The route's policy, for every route in this one place, before anything else is read.
      if (!allows(route.policy, access, params as PolicyTarget)) {
        throw new AppError('forbidden', route.policy === 'public' || route.policy === 'signedIn' ? 'Not allowed' : REFUSAL[route.policy]);
      }
      // typeIs answers null for a request without a body: that is not JSON either.
      if (route.body && !typeIs(req, JSON_TYPES)) throw new AppError('unsupported_media_type', 'Send the body as application/json');
      const query = parse(route.query, withoutParams(queryOf(req), consumed), 'query');
      const body = parse(route.body, req.body, 'body');
      const ctx = { params, query, body, deps, req, res };
      const result = route.policy === 'public' ? await route.handler({ ...ctx, access: null }) : await route.handler({ ...ctx, access: access! });
      // Served from data held while the store could not be reached: the caller is told so.
      const staleSince = access ? deps.scorecards.staleSince(access.tenantId) : null;
      if (staleSince) res.setHeader('x-data-stale-since', staleSince);
      // Cached bodies are UTF-8 JSON already and go out as they are.
      sendJson(res, route.status ?? 200, result instanceof RawJson ? result.body : result);
    };
    const handler = (req: ApiRequest, res: ServerResponse, next: Next) => {
      run(req, res).catch(next);
    };
    // GET carries no body (RFC 9110); any other method's body is read, so that a route that takes
    // none can refuse one that was sent.
    if (route.method === 'get') router.get(route.path, handler);
    else router[route.method](route.path, readBody, handler);
  }
  // Any other method on a known path: OPTIONS says which are allowed (and grants no cross-origin
  // use: there are no CORS headers); the rest get 405 with the same list.
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = methodsByPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    if (route.method === 'get') methods.add('HEAD');
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods].join(', ');
    router.all(path, (req: ApiRequest, res: ServerResponse, next: Next) => {
      res.setHeader('allow', allow);
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.setHeader('cache-control', 'no-store');
        res.end();
        return;
      }
      next(new AppError('method_not_allowed', `${req.method} is not allowed here; allowed: ${allow}`));
    });
  }
}
