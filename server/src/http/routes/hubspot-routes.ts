import { periodName, RecordCardQuerySchema, RecordCardResponseSchema, type RecordCardResponse } from '@balanced-scorecard/shared';
import { allows } from '../../auth/access';
import { RECORD_PREFIX, recordIdOf } from '../../connectors/hubspot/mappers';
import { AppError } from '../../errors/app-error';
import { defineRoute, RawJson } from '../route';
import { checkInItemsOf, checkInKeyOf, sellerScorecardView } from './scorecard-routes';

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
      if (a.roles.includes('none')) {
        throw new AppError('forbidden', 'Scorecards are for the sellers, their managers and admins of this account');
      }
      const data = await deps.scorecards.data(a.tenantId);
      // The store holds HubSpot's records under ids prefixed by their kind (the connector's mappers).
      const context = await deps.store.recordContext(a.tenantId, RECORD_PREFIX[query.objectType], recordIdOf(query.objectType, query.objectId), RECENT_ACTIVITIES);
      const owner = context.sellerId === null ? null : (data.sellersById.get(context.sellerId) ?? null);
      const activeOwner = owner?.active ? owner : null;
      const ownSeller = a.sellerId !== null && data.sellersById.get(a.sellerId)?.active ? a.sellerId : null;
      // The owner's scorecard when the viewer may see it; otherwise the viewer's own, saying whose record this is.
      let shown: RecordCardResponse['shown'] = 'none';
      let sellerId: string | null = null;
      let note: string | null = null;
      if (activeOwner && allows('sellerReader', a, { sellerId: activeOwner.id })) {
        shown = 'owner';
        sellerId = activeOwner.id;
      } else if (ownSeller !== null) {
        shown = 'own';
        sellerId = ownSeller;
        note = owner ? `This record belongs to ${owner.name}; this is your own scorecard.` : 'This record has no owner among the sellers; this is your own scorecard.';
      } else {
        note = owner ? `This record belongs to ${owner.name}, whose scorecard you may not see.` : 'This record has no owner among the sellers.';
      }
      const scorecard = sellerId === null ? null : await sellerScorecardView(deps, a, sellerId, query);

      let checkIn: RecordCardResponse['checkIn'] = null;
      if (ownSeller !== null) {
        const key = checkInKeyOf(data, deps.now());
        let answeredAt: string | null = null;
        for (const { checkIn: c } of data.index.get(ownSeller)?.checkIns ?? []) if (c.by === 'self' && c.periodKey === key) answeredAt = c.at;
        checkIn = { sellerId: ownSeller, periodKey: key, periodName: periodName(key, data.definition.locale), answeredAt, items: checkInItemsOf(data) };
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
