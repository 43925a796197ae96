import { ACTIVITY_OUTCOMES, ACTIVITY_TYPES, type Activity, type CheckIn, type Customer, type Deal, type RecordSet } from '../model/records';
import { parseInstant } from './parse-instant';

/**
 * The records of one seller, ready for measuring: activities sorted by time and laid out in
 * columns (typed arrays), so that each period and measure scans a contiguous slice instead of
 * chasing a million objects through memory. Timestamps are parsed once.
 */
export interface SellerRecords {
  /** All activities of the computation; `origin[i]` is the position of this seller's i-th one. */
  source: readonly Activity[];
  origin: Uint32Array;
  activityMs: Float64Array; // ascending

  type: Uint8Array; // index into ACTIVITY_TYPES
  outcome: Uint8Array; // index into ACTIVITY_OUTCOMES, NO_CODE for none
  flags: Uint8Array; // FLAG_* bits
  duration: Float64Array; // minutes, NaN for none
  /** Contact of each activity as a code of `contactCodes`, -1 for none: behaviour measures compare numbers, not strings. */
  contact: Int32Array;
  contactCodes: Map<string, number>;
  deals: IndexedDeal[];
  customers: IndexedCustomer[];
  checkIns: IndexedCheckIn[]; // ascending by time
  /** Built on first use by the behaviour measures. */
  lookups?: BehaviourLookups;
}

export const NO_CODE = 255;
export const FLAG_LOGGED = 1;
export const FLAG_INBOUND = 2;
export const FLAG_OUTBOUND = 4;
export const FLAG_CONTACT = 8;
export const FLAG_COMPANY = 16;

/** Codes by switch: far cheaper than a keyed lookup for a million activities. */
function typeCode(t: string): number {
  switch (t) {
    case 'call': return 0;
    case 'meeting': return 1;
    case 'email': return 2;
    case 'task': return 3;
    case 'note': return 4;
    case 'message': return 5;
    case 'social': return 6;
    case 'visit': return 7;
    default: return NO_CODE;
  }
}

function outcomeCode(o: string): number {
  const code = OUTCOME_CODE[o];
  return code ?? NO_CODE;
}

export const TYPE_CODE: Readonly<Record<string, number>> = Object.fromEntries(ACTIVITY_TYPES.map((t, i) => [t, i]));
// typeCode() is a switch for speed; it must agree with the table built from ACTIVITY_TYPES.
for (const t of ACTIVITY_TYPES) if (typeCode(t) !== TYPE_CODE[t]) throw new Error(`typeCode("${t}") disagrees with ACTIVITY_TYPES`);
export const OUTCOME_CODE: Readonly<Record<string, number>> = Object.fromEntries(ACTIVITY_OUTCOMES.map((o, i) => [o, i]));

export interface IndexedDeal {
  deal: Deal;
  createdMs: number;
  closedMs: number | null;
}

export interface IndexedCustomer {
  customer: Customer;
  createdMs: number;
  becameCustomerMs: number | null;
}

export interface IndexedCheckIn {
  checkIn: CheckIn;
  atMs: number;
}

export interface BehaviourLookups {
  /** Times (ascending) of deal creation per company and per contact id. */
  dealsByCompany: Map<string, number[]>;
  dealsByContact: Map<string, number[]>;
  /** First touch of each contact after its creation (lead response time). */
  firstTouch?: Map<string, number>;
}

export function emptySellerRecords(): SellerRecords {
  return {
    source: [],
    origin: new Uint32Array(0),
    activityMs: new Float64Array(0),
    type: new Uint8Array(0),
    outcome: new Uint8Array(0),
    flags: new Uint8Array(0),
    duration: new Float64Array(0),
    contact: new Int32Array(0),
    contactCodes: new Map(),
    deals: [],
    customers: [],
    checkIns: [],
  };
}

/**
 * Groups every record by seller. Each activity object is read exactly once, into columns that
 * are then grouped by seller (counting sort) and sorted by time within each seller.
 */
export function indexBySeller(records: Pick<RecordSet, 'activities' | 'deals' | 'customers' | 'checkIns'>): Map<string, SellerRecords> {
  const bySeller = new Map<string, SellerRecords>();
  const slots: SellerRecords[] = [];
  const slotById = new Map<string, number>();
  let lastId = '';
  let lastSlot = -1;
  const slotOf = (sellerId: string): number => {
    // Records usually arrive grouped by seller; remembering the last one saves most lookups.
    if (sellerId === lastId && lastSlot >= 0) return lastSlot;
    let s = slotById.get(sellerId);
    if (s === undefined) {
      const entry = emptySellerRecords();
      entry.source = records.activities;
      bySeller.set(sellerId, entry);
      s = slots.push(entry) - 1;
      slotById.set(sellerId, s);
    }
    lastId = sellerId;
    lastSlot = s;
    return s;
  };

  const acts = records.activities;
  const n = acts.length;
  const slot = new Int32Array(n);
  const ms = new Float64Array(n);
  const type = new Uint8Array(n);
  const outcome = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const duration = new Float64Array(n);
  const contact = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = acts[i]!;
    const s = slotOf(a.sellerId);
    slot[i] = s;
    ms[i] = parseInstant(a.at);
    type[i] = typeCode(a.type);
    outcome[i] = a.outcome === null ? NO_CODE : outcomeCode(a.outcome);
    flags[i] =
      (a.logged ? FLAG_LOGGED : 0) |
      (a.direction === 'inbound' ? FLAG_INBOUND : a.direction === 'outbound' ? FLAG_OUTBOUND : 0) |
      (a.contactId !== null ? FLAG_CONTACT : 0) |
      (a.companyId !== null ? FLAG_COMPANY : 0);
    duration[i] = a.durationMin ?? Number.NaN;
    // Interned while the activity is at hand; a seller's contacts are few, so this map stays hot.
    contact[i] = a.contactId === null ? -1 : intern(slots[s]!.contactCodes, a.contactId);
  }

  // Group positions by seller, keeping input order within a seller.
  const bySlot = group(slot, slots.length);
  const sorted = {
    ms: new Float64Array(n),
    type: new Uint8Array(n),
    outcome: new Uint8Array(n),
    flags: new Uint8Array(n),
    duration: new Float64Array(n),
    contact: new Int32Array(n),
    origin: new Uint32Array(n),
  };
  for (let s = 0; s < slots.length; s++) {
    const from = bySlot.start[s]!;
    const to = bySlot.start[s + 1]!;
    const positions = bySlot.positions.subarray(from, to);
    const order = sortOrder(positions, ms);
    for (let k = 0; k < positions.length; k++) {
      const i = positions[order === null ? k : order[k]!]!;
      const at = from + k;
      sorted.ms[at] = ms[i]!;
      sorted.type[at] = type[i]!;
      sorted.outcome[at] = outcome[i]!;
      sorted.flags[at] = flags[i]!;
      sorted.duration[at] = duration[i]!;
      sorted.contact[at] = contact[i]!;
      sorted.origin[at] = i;
    }
    Object.assign(slots[s]!, {
      activityMs: sorted.ms.subarray(from, to),
      type: sorted.type.subarray(from, to),
      outcome: sorted.outcome.subarray(from, to),
      flags: sorted.flags.subarray(from, to),
      duration: sorted.duration.subarray(from, to),
      contact: sorted.contact.subarray(from, to),
      origin: sorted.origin.subarray(from, to),
    });
  }

  for (const deal of records.deals) {
    slots[slotOf(deal.sellerId)]!.deals.push({
      deal,
      createdMs: parseInstant(deal.createdAt),
      closedMs: deal.closedAt === null ? null : parseInstant(deal.closedAt),
    });
  }
  for (const customer of records.customers) {
    if (customer.sellerId === null) continue;
    slots[slotOf(customer.sellerId)]!.customers.push({
      customer,
      createdMs: parseInstant(customer.createdAt),
      becameCustomerMs: customer.becameCustomerAt === null ? null : parseInstant(customer.becameCustomerAt),
    });
  }
  for (const checkIn of records.checkIns) {
    slots[slotOf(checkIn.sellerId)]!.checkIns.push({ checkIn, atMs: parseInstant(checkIn.at) });
  }
  for (const entry of slots) entry.checkIns.sort((a, b) => a.atMs - b.atMs);
  return bySeller;
}

function intern(codes: Map<string, number>, key: string): number {
  let code = codes.get(key);
  if (code === undefined) {
    code = codes.size;
    codes.set(key, code);
  }
  return code;
}

/** The order (stable) that sorts `positions` by their time, or null when they are sorted already. */
function sortOrder(positions: Int32Array, ms: Float64Array): Uint32Array | null {
  const n = positions.length;
  let sorted = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const v = ms[positions[k]!]!;
    if (k > 0 && v < ms[positions[k - 1]!]!) sorted = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (sorted) return null;
  const order = new Uint32Array(n);
  if ((max - min + 1) * n < Number.MAX_SAFE_INTEGER && Number.isInteger(min) && Number.isInteger(max)) {
    // Pack (time, rank) into one exact double so the native numeric sort does the work.
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (ms[positions[k]!]! - min) * n + k;
    keys.sort();
    for (let k = 0; k < n; k++) order[k] = keys[k]! % n;
  } else {
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => ms[positions[a]!]! - ms[positions[b]!]! || a - b);
  }
  return order;
}

/** First index whose value is >= x in an ascending array. */
export function lowerBound(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an ascending array holds a value in [from, to). */
export function hasValueIn(values: readonly number[] | undefined, from: number, to: number): boolean {
  if (!values) return false;
  const i = lowerBound(values, from);
  return i < values.length && values[i]! < to;
}

const FOLLOW_UP_TYPES = ['call', 'email', 'message', 'task', 'social', 'visit'].reduce((mask, t) => mask | (1 << TYPE_CODE[t]!), 0);

/** Whether the activity at a position counts as following up: an outbound (or undirected) touch, not a meeting or note. */
export function isFollowUpAt(records: SellerRecords, i: number): boolean {
  return ((FOLLOW_UP_TYPES >> records.type[i]!) & 1) === 1 && (records.flags[i]! & FLAG_INBOUND) === 0;
}

export function behaviourLookups(records: SellerRecords): BehaviourLookups {
  if (records.lookups) return records.lookups;
  const dealsByCompany = new Map<string, number[]>();
  const dealsByContact = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, v: number) => {
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  };
  for (const d of records.deals) {
    if (d.deal.companyId !== null) push(dealsByCompany, d.deal.companyId, d.createdMs);
    for (const c of d.deal.contactIds) push(dealsByContact, c, d.createdMs);
  }
  for (const map of [dealsByCompany, dealsByContact]) for (const list of map.values()) list.sort((a, b) => a - b);
  const lookups: BehaviourLookups = {
    dealsByCompany,
    dealsByContact,
  };
  records.lookups = lookups;
  return lookups;
}

/** Counting sort of positions by code; positions stay ascending within a code. */
function group(codes: Int32Array, size: number): { start: Int32Array; positions: Int32Array } {
  const start = new Int32Array(size + 1);
  for (let i = 0; i < codes.length; i++) start[codes[i]! + 1]!++;
  for (let c = 0; c < size; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, size);
  const positions = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) positions[fill[codes[i]!]!++] = i;
  return { start, positions };
}

/** The activity at a position of a seller's time-ordered columns. */
export function activityAt(records: SellerRecords, i: number): Activity {
  return records.source[records.origin[i]!]!;
}
