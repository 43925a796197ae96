import http, { type Server } from 'node:http';
import { createService } from '../compose';
import type { Config } from '../config/load-config';

/** Starts the service: migrations, the demo tenant in demo mode, then listens until a signal. */
export async function startCommand(config: Config): Promise<void> {
  const service = await createService(config);
  const { logger } = service;
  const server: Server = await new Promise((resolve) => {
    const s = http.createServer(service.app).listen(config.port, config.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host, mode: config.mode, store: service.store.engine }, `Balanced Scorecard listening on http://localhost:${port}`);
  const warning = exposureWarning(config);
  if (warning) logger.warn({ host: config.host }, warning);
  if (config.mode === 'demo') {
    await service.prepareDemo();
  }
  // A sync killed with its process resumes from its cursors.
  service.sync.resumeInterrupted().catch((err: unknown) => logger.error({ err }, 'interrupted syncs could not be resumed'));
  // Every installed portal is synced incrementally on its interval, by one replica at a time.
  service.schedule?.start();
  service.salesforceSchedule?.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Whether a listen address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The warning for a demo reachable from other machines (its "view as" makes anyone admin), or null. */
export function exposureWarning(config: Pick<Config, 'mode' | 'host'>): string | null {
  if (config.mode !== 'demo' || isLoopback(config.host)) return null;
  return `demo mode is listening on ${config.host}: anyone who can reach this port can act as any demo user, admin included. Use MODE=production for real data.`;
}
