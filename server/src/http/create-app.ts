import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { AppError } from '../errors/app-error';
import type { AppDeps } from './app-deps';
import { errorHandler } from './error-handler';
import { buildOpenApi } from './openapi';
import { registerRoutes } from './register-routes';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';
import type { RouteDefinition } from './route';
import { checkInRoutes } from './routes/check-in-routes';
import { definitionRoutes } from './routes/definition-routes';
import { demoRoutes } from './routes/demo-routes';
import { healthRoutes } from './routes/health-routes';
import { scorecardRoutes } from './routes/scorecard-routes';
import { syncRoutes } from './routes/sync-routes';

export const API_VERSION = '1.0.0';

export function apiRoutes(mode: 'demo' | 'production'): RouteDefinition[] {
  return [...healthRoutes, ...scorecardRoutes, ...checkInRoutes, ...definitionRoutes, ...syncRoutes, ...(mode === 'demo' ? demoRoutes : [])];
}

/** Builds the service. Only the entry point listens; tests call this with their own deps. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Scorecards change with every sync; hashing each body for an ETag costs more than it saves.
  app.set('etag', false);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        // The web view is framed by Salesforce (Lightning) pages; the HubSpot cards call the API, never frame it.
        'frame-ancestors': ["'self'", 'https://*.lightning.force.com', 'https://*.my.salesforce.com'],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
    frameguard: false,
  });
  const log = requestLog(deps.logger, { ignore: (p) => p === '/healthz' });
  const json = express.json({ limit: '512kb', strict: true, type: ['application/json', 'application/*+json'] });
  const proceed = () => {};
  // One layer in front of every request (each layer is a step of the router): security headers
  // and the request log (both synchronous), then the JSON body parser. GET and HEAD carry no body
  // (RFC 9110), so the card requests skip the parser.
  app.use((req, res, next) => {
    headers(req, res, proceed);
    log(req, res, proceed);
    if (req.method === 'GET' || req.method === 'HEAD') next();
    else json(req, res, next);
  });

  const routes = apiRoutes(deps.config.mode);
  const openApi = buildOpenApi(routes, API_VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  registerRoutes(app, routes, deps);
  app.use('/api', (req, _res, next) => next(new AppError('not_found', `No route ${req.method} ${req.originalUrl}`)));

  const webDir = deps.config.webDistDir;
  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(webDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send('The web view is not built: run `npm run build:web`.');
    });
  }
  app.use((req, _res, next) => next(new AppError('not_found', `No route ${req.method} ${req.originalUrl}`)));
  app.use(errorHandler);
  return app;
}
