import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import bodyParser from 'body-parser';
import express, { type ErrorRequestHandler } from 'express';
import Router from 'router';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import type { WithRawBody } from '../hubspot/hubspot-authenticator';
import { mountHubSpotInstall } from '../hubspot/oauth-routes';
import type { AppDeps } from './app-deps';
import { sendError } from './error-handler';
import { pathOf, sendJson } from './http-io';
import { buildOpenApi } from './openapi';
import { JSON_TYPES, registerRoutes } from './register-routes';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';
import type { RouteDefinition } from './route';
import { checkInRoutes } from './routes/check-in-routes';
import { definitionRoutes } from './routes/definition-routes';
import { settingsRoutes } from './routes/settings-routes';
import { insightsRoutes } from './routes/insights-routes';
import { demoRoutes } from './routes/demo-routes';
import { healthRoutes } from './routes/health-routes';
import { hubspotRoutes } from './routes/hubspot-routes';
import { scorecardRoutes } from './routes/scorecard-routes';
import { syncRoutes } from './routes/sync-routes';
import { salesforceRoutes } from './routes/salesforce-routes';
import { mountSalesforceConnect } from '../salesforce/connect-routes';

const API_VERSION = '1.0.0';

/** The service as a Node request listener: `http.createServer(app)`, or supertest's `request(app)`. */
export type App = (req: IncomingMessage, res: ServerResponse) => void;

export function apiRoutes(mode: 'demo' | 'production'): RouteDefinition[] {
  return [...healthRoutes, ...scorecardRoutes, ...hubspotRoutes, ...checkInRoutes, ...definitionRoutes, ...settingsRoutes, ...insightsRoutes, ...syncRoutes, ...salesforceRoutes, ...(mode === 'demo' ? demoRoutes : [])];
}

function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/');
}

/**
 * Builds the service. Only the entry point listens; tests call this with their own deps.
 *
 * The API is routed by Express's own router directly on Node's request and response; Express
 * serves the web view. The card request is the hottest path of the service (every record view
 * in the CRM asks for one), and Express's application layer, which re-prototypes each request
 * and response, cost about as much as everything else that request does.
 */
export function createApp(deps: AppDeps): App {
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
  // The bytes as received are kept: a signed request's signature covers them, not the parsed value.
  const readBody = bodyParser.json({
    limit: '512kb',
    strict: true,
    type: JSON_TYPES,
    verify: (req, _res, buf) => {
      (req as WithRawBody).rawBody = buf;
    },
  });

  const routes = apiRoutes(deps.config.mode);
  const openApi = Buffer.from(JSON.stringify(buildOpenApi(routes, API_VERSION)), 'utf8');
  const api = Router();
  api.get('/api/v1/openapi.json', (_req, res) => {
    sendJson(res, 200, openApi);
  });
  registerRoutes(api, routes, deps, readBody);
  if (deps.hubspotInstall) mountHubSpotInstall(api, deps, deps.hubspotInstall);
  if (deps.salesforce) mountSalesforceConnect(api, deps, deps.salesforce);
  const web = webApp(deps.config.webDistDir, deps.logger);

  return (req, res) => {
    headers(res);
    log(req, res);
    api(req, res, (error?: unknown) => {
      if (error) sendError(req, res, error, deps.logger);
      else if (isApiPath(pathOf(req))) sendError(req, res, new AppError('not_found', `No route ${req.method} ${pathOf(req)}`), deps.logger);
      else web(req, res);
    });
  };
}

/** The built web view (extensions/web): its files, and index.html for every other GET so the view's own routes work on reload. */
function webApp(webDir: string, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/.*/, (_req, res) => res.sendFile(path.join(webDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send('The web view is not built: run `npm run build:web`.');
    });
  }
  app.use((req, _res, next) => next(new AppError('not_found', `No route ${req.method} ${req.path}`)));
  const onError: ErrorRequestHandler = (err, req, res, _next) => sendError(req, res, err, logger);
  app.use(onError);
  return app;
}
