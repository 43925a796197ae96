import { generateDemoData } from '@balanced-scorecard/shared';
import { AppError } from '../../../server/src/errors/app-error';
import { createScorecardService } from '../../../server/src/scorecards/scorecard-service';
import { createPgliteClient } from '../../../server/src/store/sql-client';
import { createStore, type Store } from '../../../server/src/store/store';
import { runSync } from '../../../server/src/sync/run-sync';
import { createFileConnector } from '../../../server/src/connectors/file/file-connector';
import { startTestService, listen } from '../../support/service';

/**
 * Tenant indexes live in a cache with a memory budget (DESIGN §10): the least recently used tenant
 * goes first and loads again on its next request. Period keys far from today are refused, and a
 * caller asking for many past periods cannot push the running period's cards out.
 */
const NOW = new Date('2026-12-01T07:00:00.000Z');

async function storeWithTenants(ids: string[]): Promise<Store> {
  const store = createStore(await createPgliteClient(null));
  await store.migrate();
  for (const [i, tenantId] of ids.entries()) {
    await store.ensureTenant(tenantId, tenantId);
    const records = generateDemoData({ tenantId, seed: 11 + i, now: NOW.toISOString(), teams: 1, sellersPerTeam: 3, months: 2, activityScale: 0.3 });
    await runSync(store, { tenantId, connector: createFileConnector({ records, settings: {}, hash: `h${i}`, total: 0 }), holder: 'test' });
  }
  return store;
}

describe('the scorecard cache', () => {
  it('under a small budget keeps only the tenant in use; an evicted tenant’s next card is what a fresh load answers', async () => {
    const store = await storeWithTenants(['a', 'b']);
    const service = createScorecardService({ store, now: () => NOW, memoryBudgetBytes: 1 });
    const first = JSON.stringify((await service.run('a', 'month', '2026-11')).run);
    expect(service.memory().map((m) => m.tenantId)).toEqual(['a']);
    await service.run('b', 'month', '2026-11');
    expect(service.memory().map((m) => m.tenantId)).toEqual(['b']);
    expect(JSON.stringify((await service.run('a', 'month', '2026-11')).run)).toBe(first);
    expect(service.memory().map((m) => m.tenantId)).toEqual(['a']);

    const roomy = createScorecardService({ store, now: () => NOW });
    await roomy.run('a');
    await roomy.run('b');
    expect(roomy.memory().map((m) => m.tenantId).sort()).toEqual(['a', 'b']);
    expect(roomy.memory().every((m) => m.bytes > 0)).toBe(true);
    await store.close();
  });

  it('refuses period keys far from today, and keeps the running period’s cards however many past periods are asked for', async () => {
    const store = await storeWithTenants(['a']);
    const service = createScorecardService({ store, now: () => NOW, maxPastRuns: 3 });
    const running = (await service.run('a', 'month', '2026-12')).run;
    for (const key of ['1999-01', '2031-01', '0000-01']) {
      await expect(service.run('a', 'month', key)).rejects.toMatchObject({ code: 'invalid_period' });
    }
    await expect(service.run('a', 'month', '2029-13')).rejects.toBeInstanceOf(AppError);
    for (let m = 1; m <= 12; m++) await service.run('a', 'month', `2025-${String(m).padStart(2, '0')}`);
    // The very same run object: nothing was recomputed or evicted.
    expect((await service.run('a', 'month', '2026-12')).run).toBe(running);
    await store.close();
  });
});

describe('load progress', () => {
  it('is reported while a tenant loads, and the tenant is ready afterwards', async () => {
    const store = await storeWithTenants(['a']);
    const service = createScorecardService({ store, now: () => NOW, loadSlice: { fresh: 1, stale: 1 } });
    const loading = service.data('a');
    const seen: string[] = [];
    while (service.status().every((t) => t.state === 'loading')) {
      const s = service.status()[0];
      if (s) seen.push(`${s.sellersLoaded}/${s.sellersTotal}`);
      await new Promise((r) => setImmediate(r));
      if (seen.length > 10_000) break;
    }
    await loading;
    expect(seen).toContain('1/3');
    expect(service.status()).toEqual([{ tenantId: 'a', state: 'ready', sellersLoaded: 3, sellersTotal: 3 }]);
    await store.close();
  });
});

describe('access of unknown users', () => {
  it('is not remembered, so unknown ids cannot grow the cache', async () => {
    const service = await startTestService();
    const { server, url } = await listen(service);
    try {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${url}/api/v1/me`, { headers: { 'x-demo-user': `stranger-${i}` } });
        expect(res.status).toBe(401);
      }
      const known = await fetch(`${url}/api/v1/me`, { headers: { 'x-demo-user': 'user-admin' } });
      expect(known.status).toBe(200);
      const data = await service.scorecards.data('demo');
      expect([...data.accessByUser.keys()]).toEqual(['user-admin']);
    } finally {
      await new Promise((r) => server.close(r));
      await service.close();
    }
  });
});
