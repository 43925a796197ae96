import { RECORD_KINDS, type RecordKind, type RecordSet } from '@balanced-scorecard/shared';
import type { ConnectorContext, SyncPage } from './crm-connector';

/**
 * Pages over an in-memory record set (demo, file), kinds in dependency order. The cursor is
 * `<snapshot>:<offset>`: the snapshot names the data set (a seed and anchor, a file hash), so a
 * cursor from another data set starts that kind over instead of skipping records.
 */
export function* paginateRecordSet(records: RecordSet, snapshot: string, ctx: ConnectorContext, pageSize: number): Generator<SyncPage> {
  for (const kind of RECORD_KINDS) {
    const all = records[kind] as RecordSet[RecordKind][number][];
    let offset = resumeOffset(ctx.cursors[kind], snapshot);
    while (offset < all.length) {
      ctx.signal?.throwIfAborted();
      const end = Math.min(all.length, offset + pageSize);
      yield { kind, records: all.slice(offset, end), cursor: `${snapshot}:${end}` } as SyncPage;
      offset = end;
    }
  }
}

export function remainingRecords(records: RecordSet, snapshot: string, ctx: ConnectorContext): number {
  return RECORD_KINDS.reduce((sum, kind) => sum + Math.max(0, records[kind].length - resumeOffset(ctx.cursors[kind], snapshot)), 0);
}

function resumeOffset(cursor: string | undefined, snapshot: string): number {
  if (cursor === undefined) return 0;
  const at = cursor.lastIndexOf(':');
  if (at < 0 || cursor.slice(0, at) !== snapshot) return 0;
  const offset = Number(cursor.slice(at + 1));
  return Number.isInteger(offset) && offset >= 0 ? offset : 0;
}
