import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { resolveAccess } from '../auth/access';
import { AppError } from '../errors/app-error';
import { toIssues } from '../errors/zod-issues';
import type { AppDeps } from './app-deps';
import { RawJson, type RouteDefinition } from './route';

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

/** Mounts each declared route: authenticate, parse params, query and body, then call the handler. */
export function registerRoutes(router: Pick<Router, RouteDefinition['method']>, routes: readonly RouteDefinition[], deps: AppDeps): void {
  for (const route of routes) {
    const handler: RequestHandler = async (req: Request, res: Response, _next: NextFunction) => {
      let access = null;
      if (route.auth) {
        let principal = null;
        for (const authenticator of deps.authenticators) {
          principal = await authenticator.authenticate(req);
          if (principal) break;
        }
        if (!principal) throw new AppError('unauthenticated', 'Sign in through HubSpot or Salesforce to see scorecards');
        const data = await deps.scorecards.data(principal.tenantId);
        const user = data.usersById.get(principal.userId);
        access = data.accessByUser.get(principal.userId) ?? resolveAccess(data, principal.userId, user);
        if (data.accessByUser.size < 100_000) data.accessByUser.set(principal.userId, access);
        if (!user && access.roles.includes('none')) throw new AppError('unauthenticated', 'This user is not known in the tenant');
      }
      if (route.body && !req.is('application/json')) throw new AppError('unsupported_media_type', 'Send the body as application/json');
      const params = parse(route.params, { ...req.params }, 'params');
      const query = parse(route.query, { ...(req.query as object) }, 'query');
      const body = parse(route.body, req.body, 'body');
      const result = await route.handler({ params, query, body, access, deps, req, res });
      res.status(route.status ?? 200);
      if (result instanceof RawJson) {
        // Cached bodies skip res.send's conversions: they are UTF-8 JSON already.
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('content-length', result.body.length);
        res.end(result.body);
      } else res.json(result);
    };
    router[route.method](route.path, handler);
  }
}
