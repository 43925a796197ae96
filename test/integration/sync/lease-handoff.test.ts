import type { CrmConnector } from '../../../server/src/connectors/crm-connector';
import { runSync } from '../../../server/src/sync/run-sync';
import { activity } from '../../support/builders';
import { startTestService, type TestService } from '../../support/service';

describe('the sync lease and interrupted runs', () => {
  let svc: TestService;
  beforeEach(async () => {
    svc = await startTestService({ demo: false });
    await svc.store.ensureTenant('demo', 'Demo company');
  });
  afterEach(async () => {
    await svc.close();
  });

  it('hands the lease taken for a triggered sync to its run: it is never free in between', async () => {
    const calls: string[] = [];
    const release = svc.store.releaseSyncLease.bind(svc.store);
    const startRun = svc.store.startSyncRun.bind(svc.store);
    const acquire = svc.store.acquireSyncLease.bind(svc.store);
    svc.store.releaseSyncLease = async (...args) => {
      calls.push('release');
      return release(...args);
    };
    svc.store.startSyncRun = async (...args) => {
      calls.push('start run');
      return startRun(...args);
    };
    svc.store.acquireSyncLease = async (...args) => {
      calls.push('acquire');
      return acquire(...args);
    };
    await svc.sync.trigger('demo');
    // Right after the caller heard 202, the lease is held (by this process).
    expect(await svc.store.getSyncLeaseHolder('demo')).not.toBeNull();
    await svc.sync.drain();
    expect(calls.filter((c) => c !== 'release').slice(0, 2)).toEqual(['acquire', 'start run']);
    expect(calls.indexOf('release')).toBeGreaterThan(calls.indexOf('start run'));
    expect(calls.filter((c) => c === 'acquire')).toHaveLength(1);
    expect(await svc.store.getSyncLeaseHolder('demo')).toBeNull();
  });

  it('shows a run killed with its process as interrupted, and resumes it', async () => {
    // A process took the lease, started a run, and was killed: its lease runs out.
    expect(await svc.store.acquireSyncLease('demo', 'otherhost:4242:dead', 30)).toBe(true);
    const killed = await svc.store.startSyncRun('demo', 'demo', 'otherhost:4242:dead');
    await new Promise((r) => setTimeout(r, 60));
    expect((await svc.store.listSyncRuns('demo', 10)).find((r) => r.runId === killed)!.status).toBe('interrupted');
    expect(await svc.sync.resumeInterrupted()).toEqual(['demo']);
    await svc.sync.drain();
    const runs = await svc.store.listSyncRuns('demo', 10);
    expect(runs[0]).toMatchObject({ status: 'succeeded' });
    expect(runs.find((r) => r.runId === killed)).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String) });
    expect((await svc.store.countRecords('demo')).activities).toBeGreaterThan(0);
    expect(await svc.sync.resumeInterrupted()).toEqual([]);
  });

  it('stops before writing another page once another process has taken the lease', async () => {
    const page = (n: number) => ({ kind: 'activities' as const, records: [activity({ tenantId: 'demo', id: `a-${n}`, at: '2026-11-01T10:00:00.000Z' })], cursor: String(n) });
    const connector: CrmConnector = {
      name: 'file',
      async *pages() {
        yield page(1);
        // Meanwhile this process stalled past its lease, and another one took the tenant over.
        expect(await svc.store.takeOverSyncLease('demo', 'test-holder', 'other-process', 60_000)).toBe(true);
        yield page(2);
        yield page(3);
      },
    };
    await expect(runSync(svc.store, { tenantId: 'demo', connector, holder: 'test-holder' })).rejects.toMatchObject({ code: 'sync_in_progress', message: expect.stringContaining('lost') });
    const written = (await svc.store.loadRecords('demo')).activities.map((a) => a.id);
    expect(written).toEqual(['a-1']);
    expect(await svc.store.getSyncLeaseHolder('demo')).toBe('other-process');
    expect(await svc.store.getCursors('demo', 'file')).toEqual({ activities: '1' });
  });
});
