import type { CheckIn, Customer, Deal } from '../model/records';

/**
 * One seller's records as the store hands them to the engine when it loads a tenant: the
 * activities as parallel columns (the i-th entry of every column is the i-th activity, ascending
 * by time, then id), times as UTC milliseconds; deals, customers and check-ins, which are few,
 * as records. `indexFromColumns` turns these into the index the measures read
 * (see seller-index.ts); `indexBySeller` builds the same index from record objects.
 */
export interface ActivityColumns {
  at: number[];
  type: string[];
  durationMin: (number | null)[];
  outcome: (string | null)[];
  direction: (string | null)[];
  contactId: (string | null)[];
  companyId: (string | null)[];
  dealId: (string | null)[];
  logged: boolean[];
}

export const ACTIVITY_COLUMN_NAMES = ['at', 'type', 'durationMin', 'outcome', 'direction', 'contactId', 'companyId', 'dealId', 'logged'] as const satisfies readonly (keyof ActivityColumns)[];

export interface SellerColumns {
  sellerId: string;
  activities: ActivityColumns;
  deals: Deal[];
  customers: Customer[];
  checkIns: CheckIn[];
}

export function emptyActivityColumns(): ActivityColumns {
  return { at: [], type: [], durationMin: [], outcome: [], direction: [], contactId: [], companyId: [], dealId: [], logged: [] };
}
