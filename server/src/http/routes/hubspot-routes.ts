import {
  AnswerPropertiesResponseSchema,
  CustomerPropertiesResponseSchema,
  CustomerPropertiesUpdateSchema,
  EmptyQuerySchema,
  periodName,
  RecordCardQuerySchema,
  RecordCardResponseSchema,
  type RecordCardResponse,
} from '@balanced-scorecard/shared';
import { allows } from '../../auth/access';
import { DEFAULT_CUSTOMER_PROPERTIES } from '../../connectors/hubspot/hubspot-connector';
import { RECORD_PREFIX, recordIdOf } from '../../connectors/hubspot/mappers';
import { listNumberProperties } from '../../hubspot/portal-properties';
import type { Installation } from '../../store/installations';
import type { AppDeps, HubSpotPortalDeps } from '../app-deps';
import { AppError } from '../../errors/app-error';
import { defineRoute, RawJson } from '../route';
import { sellerFocus } from './insights-routes';
import { checkInItemsOf, checkInKeyOf, sellerScorecardView } from './scorecard-routes';

const RECENT_ACTIVITIES = 10;

/** The tenant's installed HubSpot portal, or a 404 saying there is none to ask. */
async function installedPortal(deps: AppDeps, tenantId: string): Promise<{ portal: HubSpotPortalDeps; installation: Installation }> {
  const installation = await deps.installations.get(tenantId, 'hubspot');
  if (!deps.hubspotPortal || installation?.status !== 'installed') throw new AppError('not_found', 'This account is not connected to HubSpot: install the app from HubSpot first');
  return { portal: deps.hubspotPortal, installation };
}

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
      const focus = sellerId === null ? [] : (await sellerFocus(deps, a, sellerId)).focus;
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
        focus,
        checkIn,
      };
      // The scorecard's body is cached as bytes already: it goes in as it is.
      const head = Buffer.from(JSON.stringify(rest).slice(0, -1), 'utf8');
      return new RawJson(Buffer.concat([head, Buffer.from(',"scorecard":'), scorecard ? scorecard.body : Buffer.from('null'), Buffer.from('}')]));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/hubspot/customer-properties',
    summary: "Which portal properties hold a customer's potential and satisfaction, and the portal's number properties of companies and contacts to pick from (admins)",
    tag: 'hubspot',
    policy: 'admin',
    query: EmptyQuerySchema,
    response: CustomerPropertiesResponseSchema,
    errors: ['forbidden', 'not_found', 'crm_unavailable'],
    async handler({ access: a, deps }) {
      const { portal, installation } = await installedPortal(deps, a.tenantId);
      const names = installation.customerProperties ?? DEFAULT_CUSTOMER_PROPERTIES;
      return { ...names, candidates: await listNumberProperties(portal.http(a.tenantId)) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/hubspot/customer-properties',
    summary: "Pick the portal properties read as a customer's potential and satisfaction; the next sync reads every customer again (admins)",
    tag: 'hubspot',
    policy: 'admin',
    query: EmptyQuerySchema,
    body: CustomerPropertiesUpdateSchema,
    response: CustomerPropertiesResponseSchema,
    errors: ['validation_failed', 'forbidden', 'not_found', 'crm_unavailable'],
    async handler({ access: a, deps, body }) {
      const { portal } = await installedPortal(deps, a.tenantId);
      const candidates = await listNumberProperties(portal.http(a.tenantId));
      const issues = (['potential', 'satisfaction'] as const)
        .filter((field) => !candidates.some((c) => c.name === body[field]))
        .map((field) => ({ path: `body.${field}`, message: 'no number property of companies or contacts in this portal' }));
      if (issues.length > 0) throw new AppError('validation_failed', 'Pick number properties the portal has', { issues });
      await deps.installations.setCustomerProperties(a.tenantId, 'hubspot', { potential: body.potential, satisfaction: body.satisfaction });
      await deps.store.writeAudit(a.tenantId, { actorUserId: a.userId, action: 'customer_properties.set', sellerId: null, detail: { ...body } });
      return { ...body, candidates };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/hubspot/answer-properties',
    summary: 'Create the will and foundation properties on HubSpot users now (again after a refusal); answers the outcome (admins)',
    tag: 'hubspot',
    policy: 'admin',
    query: EmptyQuerySchema,
    response: AnswerPropertiesResponseSchema,
    errors: ['forbidden', 'not_found', 'crm_unavailable'],
    async handler({ access: a, deps }) {
      const { portal } = await installedPortal(deps, a.tenantId);
      await portal.createAnswerProperties(a.tenantId);
      const after = (await deps.installations.get(a.tenantId, 'hubspot'))!;
      return { state: after.properties, reason: after.propertiesReason };
    },
  }),
];
