import type { SellerRecords } from '@balanced-scorecard/shared';

/**
 * What a tenant's index takes in memory, estimated from its columns: the typed arrays by their
 * size, the id strings, deals, customers and check-ins at measured sizes per entry (see
 * docs/scaling.md for how these were measured with `npm run bench:load`).
 */
const BYTES_PER = { activityRef: 2 * 8 + 24, deal: 400, customer: 250, checkIn: 400, seller: 2000 };

export function estimateIndexBytes(index: ReadonlyMap<string, SellerRecords>): number {
  let bytes = 0;
  const shared = new Set<unknown>();
  for (const r of index.values()) {
    bytes += BYTES_PER.seller;
    bytes += r.activityMs.byteLength + r.key.byteLength + r.duration.byteLength + r.contact.byteLength;
    // Company and deal ids are arrays shared by the sellers of one load: counted once.
    if (!shared.has(r.companyIds)) {
      shared.add(r.companyIds);
      bytes += r.companyIds.length * BYTES_PER.activityRef;
    }
    bytes += r.contactCodes.size * 80;
    const { dealsByContact, dealsByCompany } = r.lookups;
    bytes += dealsByContact.start.byteLength + dealsByContact.times.byteLength + dealsByCompany.start.byteLength + dealsByCompany.times.byteLength;
    bytes += r.leads.firstTouch.byteLength + r.leads.contactOf.byteLength;
    bytes += r.deals.length * BYTES_PER.deal + r.customers.length * BYTES_PER.customer + r.checkIns.length * BYTES_PER.checkIn;
  }
  return bytes;
}
