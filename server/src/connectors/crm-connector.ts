import type { RecordKind, RecordSet } from '@balanced-scorecard/shared';
import type { z } from 'zod';
import type { User } from '../store/store';

/**
 * One interface for every CRM (DESIGN §11): a connector yields pages of normalized records
 * changed since its cursors. The sync loop saves each page and its cursor in one transaction,
 * so a connector never writes and never computes a KPI.
 */
export interface SyncPage<K extends RecordKind = RecordKind> {
  kind: K;
  records: RecordSet[K][number][];
  /** Ids of records of this kind deleted in the CRM. */
  deletedIds?: string[];
  /** Where to resume after this page, for this kind. */
  cursor: string;
}

export interface ConnectorContext {
  tenantId: string;
  /** The last cursor saved per kind, absent on a first sync. */
  cursors: Partial<Record<RecordKind, string>>;
  signal?: AbortSignal;
}

export interface CrmConnector {
  readonly name: string;
  pages(ctx: ConnectorContext): AsyncIterable<SyncPage>;
  /** How many records the sync will read, when the connector can tell (for progress). */
  estimateTotal?(ctx: ConnectorContext): Promise<number | null>;
  /** The CRM's users seen by the last `pages` run (saved after it; an admin stays an admin). */
  users?(): User[];
}

/**
 * A kind's saved cursor in a connector's own shape, or `empty` when there is none or it is not in
 * that shape (another connector's cursor, or an older format): that kind starts over.
 */
export function readCursor<T>(schema: z.ZodType<T>, text: string | undefined, empty: T): T {
  if (text === undefined) return empty;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return empty;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : empty;
}
