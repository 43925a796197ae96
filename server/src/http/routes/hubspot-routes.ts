import { checkInPeriod, periodName, RecordCardQuerySchema, RecordCardResponseSchema, type RecordCardResponse } from '@balanced-scorecard/shared';
import { allows } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import type { RecordContext } from '../../store/store';
import { defineRoute, RawJson } from '../route';
import { sellerScorecardView } from './scorecard-routes';

/** Record ids in the store are the CRM's, prefixed by their kind (contacts and companies may share numbers). */
const KIND = { contacts: 'contact', companies: 'company', deals: 'deal' } as const satisfies Record<string, RecordContext['kind']>;
export const recordIdFor = (objectType: keyof typeof KIND, objectId: string): string => `${KIND[objectType]}-${objectId}`;

const RECENT_ACTIVITIES = 10;

export const hubspotRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/hubspot/record-card',
    summary: "Everything a contact, company or deal card shows, in one answer: the owner's scorecard (or the viewer's own), the record's potential share and recent activity, the viewer's check-in",
    tag: 'hubspot',
    policy: 'signedIn',
    query: RecordCardQuerySchema,
    response: RecordCardResponseSchema,
    errors: ['invalid_period', 'forbidden'],
    async handler({ access: a, deps, query }): Promise<RawJson> {
      if (!a.isAdmin && a.sellerId === null && a.managedSellerIds.size === 0) {
        throw new AppError('forbidden', 'Scorecards are for the sellers, their managers and admins of this account');
      }
      const data = await deps.scorecards.data(a.tenantId);
      const kind = KIND[query.objectType];
      const context = await deps.store.recordContext(a.tenantId, kind, recordIdFor(query.objectType, query.objectId), RECENT_ACTIVITIES);
      const owner = context.sellerId === null ? null : (data.sellersById.get(context.sellerId) ?? null);
      const activeOwner = owner?.active ? owner : null;
      // The owner's scorecard when the viewer may see it; otherwise the viewer's own, saying whose record this is.
      let shown: RecordCardResponse['shown'] = 'none';
      let sellerId: string | null = null;
      let note: string | null = null;
      if (activeOwner && allows('sellerReader', a, { sellerId: activeOwner.id })) {
        shown = 'owner';
        sellerId = activeOwner.id;
      } else if (a.sellerId !== null && data.sellersById.get(a.sellerId)?.active) {
        shown = 'own';
        sellerId = a.sellerId;
        note = owner ? `This record belongs to ${owner.name}; this is your own scorecard.` : 'This record has no owner among the sellers; this is your own scorecard.';
      } else {
        note = owner ? `This record belongs to ${owner.name}, whose scorecard you may not see.` : 'This record has no owner among the sellers.';
      }
      const scorecard = sellerId === null ? null : await sellerScorecardView(deps, a, sellerId, { ...(query.period ? { period: query.period } : {}), ...(query.key ? { key: query.key } : {}) });

      let checkIn: RecordCardResponse['checkIn'] = null;
      if (a.sellerId !== null && data.sellersById.get(a.sellerId)?.active) {
        const period = checkInPeriod({ cadence: data.definition.checkInCadence, graceDays: data.definition.checkInGraceDays }, deps.now().getTime(), data.calendar);
        const key = period.ok ? period.key : '';
        let answeredAt: string | null = null;
        for (const { checkIn: c } of data.index.get(a.sellerId)?.checkIns ?? []) if (c.by === 'self' && c.periodKey === key) answeredAt = c.at;
        checkIn = {
          sellerId: a.sellerId,
          periodKey: key,
          periodName: periodName(key, data.definition.locale),
          answeredAt,
          items: data.definition.checkInItems.map(({ id, level, label, statement }) => ({ id, level, label, statement })),
        };
      }
      const rest: Omit<RecordCardResponse, 'scorecard'> = {
        record: {
          objectType: query.objectType,
          objectId: query.objectId,
          known: context.found,
          owner: owner ? { sellerId: owner.id, name: owner.name } : null,
          potential: context.potential,
          potentialShare: context.potentialShare,
          satisfaction: context.satisfaction,
          deal: context.deal,
          recentActivities: context.activities.map((x) => ({ type: x.type, at: x.at, outcome: x.outcome, sellerId: x.sellerId, sellerName: data.sellersById.get(x.sellerId)?.name ?? null })),
        },
        shown,
        note,
        checkIn,
      };
      // The scorecard's body is cached as bytes already: it goes in as it is.
      const head = Buffer.from(JSON.stringify(rest).slice(0, -1), 'utf8');
      return new RawJson(Buffer.concat([head, Buffer.from(',"scorecard":'), scorecard ? scorecard.body : Buffer.from('null'), Buffer.from('}')]));
    },
  }),
];
