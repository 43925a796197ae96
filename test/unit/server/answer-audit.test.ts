import { createAnswerAudit } from '../../../server/src/auth/answer-audit';
import type { AnswerRead } from '../../../server/src/store/store';

function recordingStore() {
  const writes: { tenantId: string; read: AnswerRead; reads: number }[] = [];
  return { writes, store: { recordAnswerReads: async (tenantId: string, read: AnswerRead, reads: number) => void writes.push({ tenantId, read: { ...read }, reads }) } };
}

describe('counting reads of check-in answers', () => {
  it('writes the first read of the day before answering, then counts the rest and adds them on flush', async () => {
    const { writes, store } = recordingStore();
    let now = new Date('2026-11-01T08:00:00.000Z');
    const audit = createAnswerAudit({ store, now: () => now, flushMs: 60_000 });
    const read = { actorUserId: 'm1', sellerId: 's1', periodKey: '2026-11' };
    await audit.record('acme', read);
    expect(writes).toEqual([{ tenantId: 'acme', read: { ...read, at: '2026-11-01T08:00:00.000Z' }, reads: 1 }]);
    now = new Date('2026-11-01T09:00:00.000Z');
    await audit.record('acme', read);
    await audit.record('acme', read);
    expect(writes).toHaveLength(1);
    await audit.flush();
    expect(writes[1]).toEqual({ tenantId: 'acme', read: { ...read, at: '2026-11-01T09:00:00.000Z' }, reads: 2 });
    await audit.flush();
    expect(writes).toHaveLength(2);
    await audit.close();
  });

  it('keeps viewers, sellers, periods, tenants and days apart', async () => {
    const { writes, store } = recordingStore();
    let now = new Date('2026-11-01T23:59:00.000Z');
    const audit = createAnswerAudit({ store, now: () => now, flushMs: 60_000 });
    const read = { actorUserId: 'm1', sellerId: 's1', periodKey: '2026-11' };
    for (const r of [read, { ...read, actorUserId: 'm2' }, { ...read, sellerId: 's2' }, { ...read, periodKey: '2026-10' }]) await audit.record('acme', r);
    await audit.record('globex', read);
    expect(writes.map((w) => w.reads)).toEqual([1, 1, 1, 1, 1]);
    // A new day: the first read is on record at once again.
    now = new Date('2026-11-02T00:01:00.000Z');
    await audit.record('acme', read);
    expect(writes).toHaveLength(6);
    expect(writes[5]!.read.at).toBe('2026-11-02T00:01:00.000Z');
    await audit.close();
  });

  it('adds the counted reads on close, and keeps the counts of a failed write for the next one', async () => {
    const written: [string, number][] = [];
    const errors: unknown[] = [];
    let fail = false;
    const store = {
      recordAnswerReads: async (_t: string, r: AnswerRead, reads: number) => {
        if (fail) throw new Error('down');
        written.push([r.sellerId, reads]);
      },
    };
    const audit = createAnswerAudit({ store, now: () => new Date('2026-11-01T08:00:00.000Z'), flushMs: 60_000, onError: (e) => errors.push(e) });
    const a = { actorUserId: 'm1', sellerId: 's1', periodKey: '2026-11' };
    const b = { ...a, sellerId: 's2' };
    await audit.record('acme', a);
    await audit.record('acme', b);
    await audit.record('acme', a);
    await audit.record('acme', b);
    await audit.record('acme', b);
    fail = true;
    const failing = audit.flush();
    // A read counted while the failing write is under way joins what it gives back.
    void audit.record('acme', a);
    await failing;
    expect(errors).toHaveLength(2);
    fail = false;
    await audit.record('acme', a);
    await audit.close();
    // The first reads (1 each), then one row per key: what the failed flush held plus the reads after it.
    expect(written).toEqual([['s1', 1], ['s2', 1], ['s1', 3], ['s2', 2]]);
  });

  it('keeps the counts of a failed write when nobody listens for errors', async () => {
    const written: number[] = [];
    let fail = false;
    const store = {
      recordAnswerReads: async (_t: string, _r: AnswerRead, reads: number) => {
        if (fail) throw new Error('down');
        written.push(reads);
      },
    };
    const audit = createAnswerAudit({ store, now: () => new Date('2026-11-01T08:00:00.000Z'), flushMs: 60_000 });
    const read = { actorUserId: 'm1', sellerId: 's1', periodKey: '2026-11' };
    for (let i = 0; i < 3; i++) await audit.record('acme', read);
    fail = true;
    await audit.flush();
    fail = false;
    await audit.close();
    expect(written).toEqual([1, 2]);
  });

  it('adds the counted reads on its own every flushMs', async () => {
    const { writes, store } = recordingStore();
    const audit = createAnswerAudit({ store, now: () => new Date('2026-11-01T08:00:00.000Z'), flushMs: 20 });
    const read = { actorUserId: 'm1', sellerId: 's1', periodKey: '2026-11' };
    await audit.record('acme', read);
    await audit.record('acme', read);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writes.map((w) => w.reads)).toEqual([1, 1]);
    await audit.close();
  });
});
