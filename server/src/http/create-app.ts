import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { AppError } from '../errors/app-error';
import type { AppDeps } from './app-deps';
import { errorHandler } from './error-handler';
import { buildOpenApi } from './openapi';
import { registerRoutes } from './register-routes';
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
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web view is framed by Salesforce (Lightning) pages; the HubSpot cards call the API, never frame it.
          'frame-ancestors': ["'self'", 'https://*.lightning.force.com', 'https://*.my.salesforce.com'],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
      frameguard: false,
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Method, path and status only: headers carry signatures, tickets and identities.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: '512kb', strict: true, type: ['application/json', 'application/*+json'] }));

  const routes = apiRoutes(deps.config.mode);
  const openApi = buildOpenApi(routes, API_VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  const router = express.Router();
  registerRoutes(router, routes, deps);
  app.use(router);
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
