import { ACTIVITY_OUTCOMES, ACTIVITY_TYPES, CUSTOMER_KINDS, type CheckIn, type Customer, type Deal, type RecordSet } from '../model/records';
import { emptyActivityColumns, type SellerColumns } from './seller-columns';
import * as instants from './parse-instant';

// Bound once: module loaders that expose imports through getters would otherwise pay a call per
// timestamp (bench:engine, 2026-12-01: plain named imports cost about 55 ms of 430).
const { parseInstant, parseInstantInto } = instants;

/**
 * The records of one seller, ready for measuring: activities sorted by time and laid out in
 * columns (typed arrays), so that each period and measure scans a contiguous slice instead of
 * chasing a million objects through memory. Timestamps are parsed once.
 *
 * The layout, in one place (a new measure needs only this comment and the helpers below it):
 *
 * | column | holds | "none" is |
 * |---|---|---|
 * | `activityMs[i]` | the i-th activity's time, UTC ms, ascending (ties in id order) | — |
 * | `key[i]` | type (bits 0–2, ACTIVITY_TYPES index), outcome (bits 3–6, ACTIVITY_OUTCOMES index), flags (bits 7–11: FLAG_LOGGED, FLAG_INBOUND, FLAG_OUTBOUND, FLAG_CONTACT, FLAG_COMPANY); read with typeAt, outcomeAt, flagsAt | outcome 15 in the key, NO_CODE (255) from outcomeAt; no direction: neither direction flag |
 * | `duration[i]` | minutes | NaN |
 * | `contact[i]` | a code of `contactCodes` (contact id → code, per seller) | -1 |
 * | `companyIds[base + i]`, `dealIds[base + i]` | ids, read with companyAt, dealAt | null |
 * | `deals[k]`, `dealCreatedMs[k]`, `dealClosedMs[k]` | the k-th deal and its times | closed: NaN |
 * | `dealFlags[k]` | DEAL_CLOSED, DEAL_WON bits | 0 |
 * | `dealContacts[dealContactStart[k] … dealContactStart[k + 1])` | deal k's distinct contact codes | empty range |
 * | `dealCompany[k]` | a code of `companyCodes` | -1 |
 * | `customers[k]`, `customerCreatedMs[k]`, `customerBecameMs[k]` | the k-th customer and its times | became: NaN |
 * | `customerKind[k]` | CONTACT_KIND or COMPANY_KIND | — |
 * | `checkIns[j]` | check-ins with their time, ascending | — |
 * | `lookups.dealsByContact`, `lookups.dealsByCompany` | deal creation times per contact / company code, ascending | empty range |
 * | `leads.firstTouch[c]` | the first outbound activity time with contact code c at or after that contact was created as the seller's customer | NaN |
 * | `leads.contactOf[k]` | customer k's contact code | -1 (a company, or a contact never touched) |
 *
 * Every column and derived table is built with the entry (finishIndex) and never written after:
 * the service replaces a seller's entry when that seller's records change (indexFromColumns), so
 * an entry can be shared by any number of runs and requests.
 */
export interface SellerRecords {
  /**
   * Company and deal of each activity, for the few measures that need them: this seller's i-th
   * activity is at `base + i` of these arrays (shared by all sellers of the index). The index
   * keeps no activity objects, so a service can hold it for as long as the data does not change.
   */
  companyIds: readonly (string | null)[];
  dealIds: readonly (string | null)[];
  base: number;
  activityMs: Float64Array; // ascending

  /** Type (index into ACTIVITY_TYPES), outcome (ACTIVITY_OUTCOMES) and FLAG_* bits packed by packActivityKey. */
  key: Uint16Array;
  duration: Float64Array; // minutes, NaN for none
  /** Contact of each activity as a code of `contactCodes`, -1 for none: behaviour measures compare numbers, not strings. */
  contact: Int32Array;
  contactCodes: Map<string, number>;
  /** The seller's deals, with their times (NaN for none), DEAL_* bits and distinct contacts in columns. */
  deals: readonly Deal[];
  dealCreatedMs: Float64Array;
  dealClosedMs: Float64Array;
  dealFlags: Uint8Array;
  /** Contact codes of deal k: `dealContacts[dealContactStart[k]]` up to `dealContacts[dealContactStart[k + 1]]`, distinct. */
  dealContactStart: Int32Array;
  dealContacts: Int32Array;
  /** Company of each deal as a code of `companyCodes`, -1 for none. */
  dealCompany: Int32Array;
  companyCodes: Map<string, number>;
  /** The seller's customers, with their times (NaN for none) and kind (a code of CUSTOMER_KINDS) in columns. */
  customers: readonly Customer[];
  customerCreatedMs: Float64Array;
  customerBecameMs: Float64Array;
  customerKind: Uint8Array;
  checkIns: IndexedCheckIn[]; // ascending by time
  /** Deal creation times by contact and by company, for meeting → deal conversion. */
  lookups: BehaviourLookups;
  /** First touches of the seller's leads, for lead response time. */
  leads: Leads;
}

export interface Leads {
  /** Per contact code, the first touch at or after the contact's creation, NaN for none. */
  firstTouch: Float64Array;
  /** Per customer, its contact code, -1 when it is a company or was never touched. */
  contactOf: Int32Array;
}

export const NO_CODE = 255;

/** Type in bits 0–2, outcome in bits 3–6 (15 for none), flags in bits 7–11. */
export function packActivityKey(type: number, outcome: number, flags: number): number {
  return type | ((outcome === NO_CODE ? 15 : outcome) << 3) | (flags << 7);
}

export function unpackActivityKey(key: number): { type: number; outcome: number; flags: number } {
  return { type: key & 7, outcome: outcomeOfKey(key), flags: key >>> 7 };
}

function outcomeOfKey(key: number): number {
  const outcome = (key >>> 3) & 15;
  return outcome === 15 ? NO_CODE : outcome;
}

export const ACTIVITY_KEYS = 1 << 12;

export function typeAt(records: SellerRecords, i: number): number {
  return records.key[i]! & 7;
}

export function outcomeAt(records: SellerRecords, i: number): number {
  return outcomeOfKey(records.key[i]!);
}

export function flagsAt(records: SellerRecords, i: number): number {
  return records.key[i]! >>> 7;
}
export const FLAG_LOGGED = 1;
export const FLAG_INBOUND = 2;
export const FLAG_OUTBOUND = 4;
export const FLAG_CONTACT = 8;
export const FLAG_COMPANY = 16;

/** Codes by switch: far cheaper than a keyed lookup for a million activities. Checked against the tables below. */
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
  switch (o) {
    case 'completed': return 0;
    case 'connected': return 1;
    case 'no_answer': return 2;
    case 'left_voicemail': return 3;
    case 'busy': return 4;
    case 'wrong_number': return 5;
    case 'scheduled': return 6;
    case 'rescheduled': return 7;
    case 'no_show': return 8;
    case 'canceled': return 9;
    case 'sent': return 10;
    case 'replied': return 11;
    case 'bounced': return 12;
    default: return NO_CODE;
  }
}

export const TYPE_CODE: Readonly<Record<string, number>> = Object.fromEntries(ACTIVITY_TYPES.map((t, i) => [t, i]));
// typeCode() is a switch for speed; it must agree with the table built from ACTIVITY_TYPES.
for (const t of ACTIVITY_TYPES) if (typeCode(t) !== TYPE_CODE[t]) throw new Error(`typeCode("${t}") disagrees with ACTIVITY_TYPES`);
export const OUTCOME_CODE: Readonly<Record<string, number>> = Object.fromEntries(ACTIVITY_OUTCOMES.map((o, i) => [o, i]));
for (const o of ACTIVITY_OUTCOMES) if (outcomeCode(o) !== OUTCOME_CODE[o]) throw new Error(`outcomeCode("${o}") disagrees with ACTIVITY_OUTCOMES`);
// The activity key packs types in 3 bits, outcomes in 4 (one value kept for none) and flags in 5.
if (ACTIVITY_TYPES.length > 8 || ACTIVITY_OUTCOMES.length > 15 || FLAG_COMPANY >= 32) throw new Error('activity key fields no longer fit their bits');

export interface IndexedCheckIn {
  checkIn: CheckIn;
  atMs: number;
}

export const DEAL_CLOSED = 1;
export const DEAL_WON = 2;

/** Times of deal creation per code: those of code c are `times[start[c]]` up to `times[start[c + 1]]`, ascending. */
export interface TimesByCode {
  start: Int32Array;
  times: Float64Array;
}

export interface BehaviourLookups {
  dealsByCompany: TimesByCode;
  dealsByContact: TimesByCode;
}

// Zero-length columns hold nothing and take no writes, so every empty entry can share them.
const NO_MS = new Float64Array(0);
const NO_CODES = new Int32Array(0);
const NO_KEYS = new Uint16Array(0);
const NO_BYTES = new Uint8Array(0);
const ONE_START = new Int32Array(1);
const NO_TIMES: TimesByCode = { start: ONE_START, times: NO_MS };

/** An entry for a seller with no records (also the start of every entry the index fills in). */
export function emptySellerRecords(): SellerRecords {
  return {
    companyIds: [],
    dealIds: [],
    base: 0,
    activityMs: NO_MS,
    key: NO_KEYS,
    duration: NO_MS,
    contact: NO_CODES,
    contactCodes: new Map(),
    deals: [],
    dealCreatedMs: NO_MS,
    dealClosedMs: NO_MS,
    dealFlags: NO_BYTES,
    dealContactStart: ONE_START,
    dealContacts: NO_CODES,
    dealCompany: NO_CODES,
    companyCodes: new Map(),
    customers: [],
    customerCreatedMs: NO_MS,
    customerBecameMs: NO_MS,
    customerKind: NO_BYTES,
    checkIns: [],
    lookups: { dealsByContact: NO_TIMES, dealsByCompany: NO_TIMES },
    leads: { firstTouch: NO_MS, contactOf: NO_CODES },
  };
}

/**
 * Groups every record by seller. Each activity object is read exactly once, into columns that
 * are then grouped by seller (counting sort) and sorted by time within each seller.
 */
export function indexBySeller(records: Pick<RecordSet, 'activities' | 'deals' | 'customers' | 'checkIns'>): Map<string, SellerRecords> {
  const slots = createSlots();
  const { slotOf } = slots;
  const acts = records.activities;
  const n = acts.length;
  const columns = allocateColumns(n);
  const slot = new Int32Array(n);
  const { ms } = columns;
  // The store hands activities grouped by seller and in time order; then the columns are
  // already laid out and only need slicing. Anything else is grouped and sorted below.
  let inStoreOrder = true;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const a = acts[i]!;
    const s = slotOf(a.sellerId);
    parseInstantInto(a.at, ms, i);
    if (s !== previous) {
      if (s !== slots.list.length - 1) inStoreOrder = false; // a seller seen before, so not grouped
      previous = s;
    } else if (ms[i]! < ms[i - 1]!) inStoreOrder = false;
    slot[i] = s;
    putActivity(columns, i, slots.list[s]!, a.type, a.outcome, a.direction, a.logged, a.durationMin, a.contactId, a.companyId, a.dealId);
  }
  return finishIndex(slots, slot, columns, inStoreOrder, records);
}

/**
 * The same index as indexBySeller, from the packed columns the store loads (seller-columns.ts):
 * no timestamps to parse and no activity objects to read. Sellers stay in the order given.
 */
export function indexFromColumns(sellers: Iterable<SellerColumns>): Map<string, SellerRecords> {
  const list = [...sellers];
  const slots = createSlots();
  let n = 0;
  for (const seller of list) n += seller.activities.at.length;
  const columns = allocateColumns(n);
  const slot = new Int32Array(n);
  let inStoreOrder = true;
  let i = 0;
  const deals: Deal[] = [];
  const customers: Customer[] = [];
  const checkIns: CheckIn[] = [];
  for (const seller of list) {
    const s = slots.slotOf(seller.sellerId);
    if (s !== slots.list.length - 1) inStoreOrder = false; // the same seller twice
    const entry = slots.list[s]!;
    const a = seller.activities;
    for (let k = 0; k < a.at.length; k++, i++) {
      columns.ms[i] = a.at[k]!;
      if (k > 0 && a.at[k]! < a.at[k - 1]!) inStoreOrder = false;
      slot[i] = s;
      putActivity(columns, i, entry, a.type[k]!, a.outcome[k] ?? null, a.direction[k] ?? null, a.logged[k]!, a.durationMin[k] ?? null, a.contactId[k] ?? null, a.companyId[k] ?? null, a.dealId[k] ?? null);
    }
    for (const d of seller.deals) deals.push(d);
    for (const c of seller.customers) customers.push(c);
    for (const c of seller.checkIns) checkIns.push(c);
  }
  return finishIndex(slots, slot, columns, inStoreOrder, { deals, customers, checkIns });
}

interface Slots {
  bySeller: Map<string, SellerRecords>;
  list: SellerRecords[];
  slotOf(sellerId: string): number;
}

/** One index entry per seller, in order of first appearance. */
function createSlots(): Slots {
  const bySeller = new Map<string, SellerRecords>();
  const list: SellerRecords[] = [];
  const slotById = new Map<string, number>();
  let lastId = '';
  let lastSlot = -1;
  return {
    bySeller,
    list,
    slotOf(sellerId) {
      // Records usually arrive grouped by seller; remembering the last one saves most lookups.
      if (sellerId === lastId && lastSlot >= 0) return lastSlot;
      let s = slotById.get(sellerId);
      if (s === undefined) {
        const entry = emptySellerRecords();
        bySeller.set(sellerId, entry);
        s = list.push(entry) - 1;
        slotById.set(sellerId, s);
      }
      lastId = sellerId;
      lastSlot = s;
      return s;
    },
  };
}

interface ActivityArrays {
  ms: Float64Array;
  key: Uint16Array;
  duration: Float64Array;
  contact: Int32Array;
  companyIds: (string | null)[];
  dealIds: (string | null)[];
}

function allocateColumns(n: number): ActivityArrays {
  return {
    ms: new Float64Array(n),
    key: new Uint16Array(n),
    duration: new Float64Array(n),
    contact: new Int32Array(n),
    companyIds: new Array<string | null>(n),
    dealIds: new Array<string | null>(n),
  };
}

/** Everything but the time of activity i into the columns: codes, flags, and the contact interned in its seller's entry. */
function putActivity(
  columns: ActivityArrays,
  i: number,
  entry: SellerRecords,
  type: string,
  outcome: string | null,
  direction: string | null,
  logged: boolean,
  durationMin: number | null,
  contactId: string | null,
  companyId: string | null,
  dealId: string | null,
): void {
  const f =
    (logged ? FLAG_LOGGED : 0) |
    (direction === 'inbound' ? FLAG_INBOUND : direction === 'outbound' ? FLAG_OUTBOUND : 0) |
    (contactId !== null ? FLAG_CONTACT : 0) |
    (companyId !== null ? FLAG_COMPANY : 0);
  columns.key[i] = packActivityKey(typeCode(type), outcome === null ? NO_CODE : outcomeCode(outcome), f);
  columns.duration[i] = durationMin ?? Number.NaN;
  // Interned while the activity is at hand; a seller's contacts are few, so this map stays hot.
  columns.contact[i] = contactId === null ? -1 : intern(entry.contactCodes, contactId);
  columns.companyIds[i] = companyId;
  columns.dealIds[i] = dealId;
}

/** Groups and sorts the activity columns per seller (unless already in store order), then indexes deals, customers and check-ins. */
function finishIndex(slots: Slots, slot: Int32Array, filled: ActivityArrays, inStoreOrder: boolean, records: Pick<RecordSet, 'deals' | 'customers' | 'checkIns'>): Map<string, SellerRecords> {
  const n = slot.length;
  const count = slots.list.length;
  let columns = filled;
  // Otherwise positions are grouped by seller, keeping input order within a seller, then sorted by time.
  const bySlot = inStoreOrder ? null : group(slot, count);
  const start = bySlot?.start ?? starts(slot, count);
  if (bySlot) {
    const sorted = allocateColumns(n);
    for (let s = 0; s < count; s++) {
      const from = start[s]!;
      const positions = bySlot.positions.subarray(from, start[s + 1]!);
      const order = sortOrder(positions, filled.ms);
      for (let k = 0; k < positions.length; k++) {
        const i = positions[order === null ? k : order[k]!]!;
        const at = from + k;
        sorted.ms[at] = filled.ms[i]!;
        sorted.key[at] = filled.key[i]!;
        sorted.duration[at] = filled.duration[i]!;
        sorted.contact[at] = filled.contact[i]!;
        sorted.companyIds[at] = filled.companyIds[i]!;
        sorted.dealIds[at] = filled.dealIds[i]!;
      }
    }
    columns = sorted;
  }
  for (let s = 0; s < count; s++) {
    const from = start[s]!;
    const to = start[s + 1]!;
    Object.assign(slots.list[s]!, {
      activityMs: columns.ms.subarray(from, to),
      key: columns.key.subarray(from, to),
      duration: columns.duration.subarray(from, to),
      contact: columns.contact.subarray(from, to),
      companyIds: columns.companyIds,
      dealIds: columns.dealIds,
      base: from,
    });
  }

  indexDeals(records.deals, slots.list, slots.slotOf);
  indexCustomers(records.customers, slots.list, slots.slotOf);
  for (const checkIn of records.checkIns) {
    slots.list[slots.slotOf(checkIn.sellerId)]!.checkIns.push({ checkIn, atMs: parseInstant(checkIn.at) });
  }
  for (const entry of slots.list) {
    sortCheckIns(entry.checkIns);
    entry.lookups = behaviourLookups(entry);
    entry.leads = leadsOf(entry);
  }
  return slots.bySeller;
}

/** Ascending by time, ties in input order (the store's order: time, then id). */
function sortCheckIns(checkIns: IndexedCheckIn[]): IndexedCheckIn[] {
  return checkIns.sort((a, b) => a.atMs - b.atMs);
}

/**
 * A seller's entry with its check-ins replaced and every other column shared: what a check-in
 * changes. Check-ins feed no derived table (lookups, leads), so nothing else is rebuilt. A seller
 * without an entry gets one with no other records.
 */
export function withCheckIns(entry: SellerRecords | undefined, sellerId: string, checkIns: readonly CheckIn[]): SellerRecords {
  const base = entry ?? indexFromColumns([{ sellerId, activities: emptyActivityColumns(), deals: [], customers: [], checkIns: [] }]).get(sellerId)!;
  return { ...base, checkIns: sortCheckIns(checkIns.map((checkIn) => ({ checkIn, atMs: parseInstant(checkIn.at) }))) };
}

/** Deals into per-seller columns: grouped by seller, input order kept within a seller. */
function indexDeals(deals: readonly Deal[], slots: SellerRecords[], slotOf: (sellerId: string) => number): void {
  const n = deals.length;
  const slot = new Int32Array(n);
  let contactCount = 0;
  for (let k = 0; k < n; k++) {
    slot[k] = slotOf(deals[k]!.sellerId);
    contactCount += deals[k]!.contactIds.length;
  }
  const { start, positions } = group(slot, slots.length);
  const created = new Float64Array(n);
  const closed = new Float64Array(n);
  const flags = new Uint8Array(n);
  const contactStart = new Int32Array(n + 1);
  const contacts = new Int32Array(contactCount);
  const company = new Int32Array(n);
  let w = 0;
  for (let s = 0; s < slots.length; s++) {
    const entry = slots[s]!;
    const from = start[s]!;
    const to = start[s + 1]!;
    const own: Deal[] = new Array(to - from);
    for (let k = from; k < to; k++) {
      const deal = deals[positions[k]!]!;
      own[k - from] = deal;
      parseInstantInto(deal.createdAt, created, k);
      parseOptionalInto(deal.closedAt, closed, k);
      flags[k] = (deal.isClosed ? DEAL_CLOSED : 0) | (deal.isWon ? DEAL_WON : 0);
      company[k] = deal.companyId === null ? -1 : intern(entry.companyCodes, deal.companyId);
      contactStart[k] = w;
      for (let c = 0; c < deal.contactIds.length; c++) {
        const code = intern(entry.contactCodes, deal.contactIds[c]!);
        let seen = false;
        for (let j = contactStart[k]!; j < w; j++) if (contacts[j] === code) seen = true;
        if (!seen) contacts[w++] = code;
      }
    }
    contactStart[to] = w;
    Object.assign(entry, {
      deals: own,
      dealCreatedMs: created.subarray(from, to),
      dealClosedMs: closed.subarray(from, to),
      dealFlags: flags.subarray(from, to),
      dealContactStart: contactStart.subarray(from, to + 1),
      dealContacts: contacts,
      dealCompany: company.subarray(from, to),
    });
  }
}

/** Customers with a seller into per-seller columns, like deals. */
function indexCustomers(customers: readonly Customer[], slots: SellerRecords[], slotOf: (sellerId: string) => number): void {
  const n = customers.length;
  const slot = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const sellerId = customers[k]!.sellerId;
    slot[k] = sellerId === null ? -1 : slotOf(sellerId);
  }
  const none = slots.length; // customers without a seller group last and are left out
  for (let k = 0; k < n; k++) if (slot[k] === -1) slot[k] = none;
  const { start, positions } = group(slot, none + 1);
  const created = new Float64Array(n);
  const became = new Float64Array(n);
  const kind = new Uint8Array(n);
  for (let s = 0; s < none; s++) {
    const from = start[s]!;
    const to = start[s + 1]!;
    const own: Customer[] = new Array(to - from);
    for (let k = from; k < to; k++) {
      const customer = customers[positions[k]!]!;
      own[k - from] = customer;
      parseInstantInto(customer.createdAt, created, k);
      parseOptionalInto(customer.becameCustomerAt, became, k);
      kind[k] = customer.kind === 'contact' ? CONTACT_KIND : COMPANY_KIND;
    }
    Object.assign(slots[s]!, {
      customers: own,
      customerCreatedMs: created.subarray(from, to),
      customerBecameMs: became.subarray(from, to),
      customerKind: kind.subarray(from, to),
    });
  }
}

/** An instant that may be missing into `out[k]`: NaN for none, which fails every time comparison. */
function parseOptionalInto(s: string | null, out: Float64Array, k: number): void {
  if (s === null) out[k] = Number.NaN;
  else parseInstantInto(s, out, k);
}

export const CONTACT_KIND = CUSTOMER_KINDS.indexOf('contact');
export const COMPANY_KIND = CUSTOMER_KINDS.indexOf('company');

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

/** Deal creation times grouped by the deal's contacts and by its company, from the entry's deal columns. */
function behaviourLookups(records: SellerRecords): BehaviourLookups {
  const { dealContactStart: contactStart, dealContacts, dealCreatedMs } = records;
  const n = records.deals.length;
  const first = contactStart[0]!;
  const pairTimes = new Float64Array(contactStart[n]! - first);
  for (let k = 0; k < n; k++) {
    const created = dealCreatedMs[k]!;
    for (let j = contactStart[k]! - first; j < contactStart[k + 1]! - first; j++) pairTimes[j] = created;
  }
  return {
    dealsByContact: timesByCode(records.contactCodes.size, dealContacts.subarray(first, contactStart[n]!), pairTimes),
    dealsByCompany: timesByCode(records.companyCodes.size, records.dealCompany, dealCreatedMs),
  };
}

/** The seller's first outbound touch of each of their contact customers at or after its creation: one pass over the activities. */
function leadsOf(records: SellerRecords): Leads {
  const codes = records.contactCodes.size;
  const contactOf = new Int32Array(records.customers.length).fill(-1);
  const createdByCode = new Float64Array(codes).fill(Number.NaN);
  for (let k = 0; k < records.customers.length; k++) {
    const code = records.customerKind[k] === CONTACT_KIND ? records.contactCodes.get(records.customers[k]!.id) : undefined;
    if (code === undefined) continue;
    contactOf[k] = code;
    createdByCode[code] = records.customerCreatedMs[k]!;
  }
  const firstTouch = new Float64Array(codes).fill(Number.NaN);
  for (let i = 0; i < records.activityMs.length; i++) {
    const code = records.contact[i]!;
    if (code < 0 || !Number.isNaN(firstTouch[code]!) || ((records.key[i]! >>> 7) & FLAG_OUTBOUND) === 0) continue;
    if (records.activityMs[i]! >= createdByCode[code]!) firstTouch[code] = records.activityMs[i]!;
  }
  return { firstTouch, contactOf };
}

/** Groups the times by their code (-1: none), ascending within a code. */
function timesByCode(codes: number, codeOf: Int32Array, timeOf: Float64Array): TimesByCode {
  const start = new Int32Array(codes + 1);
  for (let j = 0; j < codeOf.length; j++) if (codeOf[j]! >= 0) start[codeOf[j]! + 1]!++;
  for (let c = 0; c < codes; c++) start[c + 1]! += start[c]!;
  const total = start[codes]!;
  const times = new Float64Array(total);
  // Each code's range is filled from its end down (input order kept), which leaves start[c + 1]
  // at the beginning of code c's range; one shift puts every beginning in place.
  for (let j = codeOf.length - 1; j >= 0; j--) if (codeOf[j]! >= 0) times[--start[codeOf[j]! + 1]!] = timeOf[j]!;
  for (let c = 0; c < codes; c++) start[c] = start[c + 1]!;
  start[codes] = total;
  // Input in time order (deals usually come so) keeps every code's range in time order; otherwise each range is sorted.
  if (!ascending(timeOf, 0, timeOf.length)) {
    for (let c = 0; c < codes; c++) if (!ascending(times, start[c]!, start[c + 1]!)) times.subarray(start[c]!, start[c + 1]!).sort();
  }
  return { start, times };
}

function ascending(values: Float64Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

/** Whether a code has a time in [from, to). */
export function hasTimeIn(byCode: TimesByCode, code: number, from: number, to: number): boolean {
  const hi = byCode.start[code + 1]!;
  let lo = byCode.start[code]!;
  let top = hi;
  while (lo < top) {
    const mid = (lo + top) >>> 1;
    if (byCode.times[mid]! < from) lo = mid + 1;
    else top = mid;
  }
  return lo < hi && byCode.times[lo]! < to;
}

/** Where each code's range starts once positions are grouped by code (`start[size]` is the total). */
function starts(codes: Int32Array, size: number): Int32Array {
  const start = new Int32Array(size + 1);
  for (let i = 0; i < codes.length; i++) start[codes[i]! + 1]!++;
  for (let c = 0; c < size; c++) start[c + 1]! += start[c]!;
  return start;
}

/** Counting sort of positions by code; positions stay ascending within a code. */
function group(codes: Int32Array, size: number): { start: Int32Array; positions: Int32Array } {
  const start = starts(codes, size);
  const fill = start.slice(0, size);
  const positions = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) positions[fill[codes[i]!]!++] = i;
  return { start, positions };
}

/** The company of the activity at a position of a seller's time-ordered columns. */
export function companyAt(records: SellerRecords, i: number): string | null {
  return records.companyIds[records.base + i]!;
}

/** The deal of the activity at a position of a seller's time-ordered columns. */
export function dealAt(records: SellerRecords, i: number): string | null {
  return records.dealIds[records.base + i]!;
}
