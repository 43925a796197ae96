/**
 * npm run bench:sync — the first sync of the fixture portal (20 owners, 10,000 contacts, 1,000
 * companies, 5,000 deals, 50,000 engagements) against a HubSpot answered in memory from the
 * recorded fixtures, into the embedded store. The portal's rate limits run on a virtual clock
 * (the waits they impose are counted, not slept), so `ms` is the time the service itself spends.
 * Prints, last, one JSON line: requests made, the minimum the records need at the API's page
 * sizes, records synced, and ms. Target: requests ≤ 1.05 × minimum, no moment above the limits.
 */
import nock from 'nock';
import { createHubSpotConnector, createTenantHttp } from '../../server/src/connectors/hubspot/hubspot-connector';
import { createPortalLimiters, HUBSPOT_BURST, HUBSPOT_SEARCH } from '../../server/src/connectors/hubspot/rate-limit';
import { createHubSpotHttp } from '../../server/src/hubspot/hubspot-http';
import { createPgliteClient } from '../../server/src/store/sql-client';
import { createStore } from '../../server/src/store/store';
import { runSync } from '../../server/src/sync/run-sync';
import { buildFixturePortal, minimumRequests, peakInWindow, virtualClock } from '../support/fake-hubspot-portal';

async function main(): Promise<void> {
  const now = Date.parse('2026-12-01T07:00:00.000Z');
  const tenantId = 'hubspot-bench';
  const clock = virtualClock(now);
  const portal = buildFixturePortal(clock, now - 3_600_000);
  const limiters = createPortalLimiters(clock);
  const http = createTenantHttp({ http: (beforeAttempt) => createHubSpotHttp({ beforeAttempt, sleep: clock.sleep }), limiter: limiters.forPortal(tenantId), accessToken: async () => 'bench-token' });
  const connector = createHubSpotConnector({ http, now: () => new Date(clock.now()), currency: async () => 'EUR' });
  const store = createStore(await createPgliteClient(null));
  await store.migrate();
  await store.ensureTenant(tenantId, 'Bench portal');
  nock.disableNetConnect();
  const server = portal.listen();
  const started = performance.now();
  const result = await runSync(store, { tenantId, connector, holder: 'bench' });
  const ms = Math.round(performance.now() - started);
  server.stop();
  const requests = portal.requests.length;
  const minimum = minimumRequests(portal);
  const burstPeak = peakInWindow(portal.requests, HUBSPOT_BURST.ms, false);
  const searchPeak = peakInWindow(portal.requests, HUBSPOT_SEARCH.ms, true);
  const virtualSeconds = Math.round((clock.now() - now) / 1000);
  console.log(`first sync: ${result.records} records in ${result.pages} pages, ${ms} ms of service time`);
  console.log(`requests ${requests}, minimum ${minimum} (ratio ${(requests / minimum).toFixed(3)}, target ≤ 1.05)`);
  console.log(`peak requests in any 10 s: ${burstPeak} (limit ${HUBSPOT_BURST.limit}); searches in any 1 s: ${searchPeak} (limit ${HUBSPOT_SEARCH.limit}); the limits make it take ${virtualSeconds} s of HubSpot time`);
  // The machine's floor: the same records, already normalized, written to a fresh store in pages of 1,000.
  const records = await store.loadRecords(tenantId);
  await store.close();
  const floorStore = createStore(await createPgliteClient(null));
  await floorStore.migrate();
  await floorStore.ensureTenant(tenantId, 'Floor');
  const floorStarted = performance.now();
  for (const kind of ['teams', 'sellers', 'customers', 'deals', 'activities'] as const) {
    const all = records[kind] as never[];
    for (let i = 0; i < all.length; i += 1000) await floorStore.savePage(tenantId, 'hubspot', { kind, records: all.slice(i, i + 1000), cursor: String(i) });
  }
  const floorMs = Math.round(performance.now() - floorStarted);
  await floorStore.close();
  console.log(`floor (the same records written straight to the store): ${floorMs} ms; the sync takes ${(ms / floorMs).toFixed(2)}× that`);
  console.log(JSON.stringify({ requests, minimum, records: result.records, ms }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
