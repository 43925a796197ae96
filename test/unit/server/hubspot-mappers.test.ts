import { DEFAULT_CUSTOMER_PROPERTIES } from '../../../server/src/connectors/hubspot/hubspot-connector';
import { isoOrNull, mapCustomer, mapDeal, mapEngagement, mapOwner, mapTeams, ObjectSchema, OwnerSchema } from '../../../server/src/connectors/hubspot/mappers';
import { hubspotFixture } from '../../support/hubspot-fixtures';

const T = 'hubspot-24681357';
const first = (method: string, path: string, variant = 'page') => (hubspotFixture(method, path, variant).body as { results: unknown[] }).results[0];
const object = (type: string) => ObjectSchema.parse(first('post', `/crm/v3/objects/${type}/search`));
const DISPOSITIONS = new Map((hubspotFixture('get', '/crm/v3/properties/calls/hs_call_disposition', 'options').body as { options: { label: string; value: string }[] }).options.map((o) => [o.value, o.label]));

describe('HubSpot payloads as normalized records', () => {
  it('maps an owner to a seller with their teams, and an archived owner by userIdIncludingInactive', () => {
    const owner = OwnerSchema.parse(first('get', '/crm/v3/owners'));
    expect(mapOwner(T, owner)).toEqual({ tenantId: T, id: 'owner-81234567', externalId: '81234567', userId: '7654321', name: 'Ana Lopez', email: 'ana.lopez@scorecard-test.com', teamIds: ['team-4401'], managerIds: [], active: true, startedAt: '2025-03-04T09:12:44.123Z' });
    expect(mapTeams(T, [owner])).toEqual([{ tenantId: T, id: 'team-4401', name: 'Nordics', parentId: null }]);
    const archived = OwnerSchema.parse(first('get', '/crm/v3/owners', 'archived'));
    expect(mapOwner(T, archived)).toMatchObject({ id: 'owner-81230001', userId: '7650001', active: false, teamIds: [] });
    expect(mapOwner(T, { ...owner, type: 'QUEUE' })).toBeNull();
  });

  it('maps a call: duration in minutes, the outcome from the disposition label, direction, associations', () => {
    const call = mapEngagement(T, 'calls', object('calls'), { contacts: new Map([['52001234567', ['101']]]), companies: new Map([['52001234567', ['9001']]]) }, DISPOSITIONS);
    expect(call).toEqual({ tenantId: T, id: 'call-52001234567', sellerId: 'owner-81234567', type: 'call', at: '2026-11-03T10:15:00.000Z', durationMin: 325000 / 60000, outcome: 'connected', direction: 'outbound', contactId: 'contact-101', companyId: 'company-9001', dealId: null, logged: true });
    const unlabelled = mapEngagement(T, 'calls', object('calls'), {}, new Map());
    expect(unlabelled?.outcome).toBe('completed');
  });

  it('maps a meeting from its start and end, an email, a completed task at its completion, a message', () => {
    expect(mapEngagement(T, 'meetings', object('meetings'), {}, DISPOSITIONS)).toMatchObject({ id: 'meeting-53001234567', type: 'meeting', at: '2026-11-04T13:00:00.000Z', durationMin: 60, outcome: 'completed', logged: true });
    expect(mapEngagement(T, 'emails', object('emails'), {}, DISPOSITIONS)).toMatchObject({ id: 'email-54001234567', type: 'email', outcome: 'sent', direction: 'outbound' });
    // A task's hs_timestamp is its due date; done, it counts when it was done.
    expect(mapEngagement(T, 'tasks', object('tasks'), {}, DISPOSITIONS)).toMatchObject({ id: 'task-55001234567', type: 'task', at: '2026-11-06T15:58:00.000Z', outcome: 'completed' });
    expect(mapEngagement(T, 'communications', object('communications'), {}, DISPOSITIONS)).toMatchObject({ id: 'communication-56001234567', type: 'message' });
  });

  it('skips an engagement without an owner or a time rather than inventing one', () => {
    const call = object('calls');
    expect(mapEngagement(T, 'calls', { ...call, properties: { ...call.properties, hubspot_owner_id: null } }, {}, DISPOSITIONS)).toBeNull();
    expect(mapEngagement(T, 'calls', { ...call, properties: { ...call.properties, hs_timestamp: null } }, {}, DISPOSITIONS)).toBeNull();
  });

  it('maps contacts and companies with their potential and satisfaction properties, and when they became customers', () => {
    expect(mapCustomer(T, 'contact', object('contacts'), DEFAULT_CUSTOMER_PROPERTIES)).toEqual({ tenantId: T, id: 'contact-101', kind: 'contact', sellerId: 'owner-81234567', createdAt: '2025-06-01T12:00:00.000Z', becameCustomerAt: '2025-09-15T10:00:00.000Z', potential: 120000, satisfaction: 8 });
    expect(mapCustomer(T, 'company', object('companies'), DEFAULT_CUSTOMER_PROPERTIES)).toMatchObject({ id: 'company-9001', potential: 450000, satisfaction: null, becameCustomerAt: null });
    const renamed = { potential: 'annual_potential', satisfaction: 'nps' };
    const contact = object('contacts');
    expect(mapCustomer(T, 'contact', { ...contact, properties: { ...contact.properties, annual_potential: '5', nps: '11' } }, renamed)).toMatchObject({ potential: 5, satisfaction: null });
  });

  it("maps a deal's won and closed state from HubSpot's stage-derived flags, never from the stage name", () => {
    const deal = object('deals');
    const assoc = { contacts: new Map([['7001', ['101', '101', '102']]]), companies: new Map([['7001', ['9001']]]) };
    expect(mapDeal(T, deal, assoc, 'USD')).toEqual({ tenantId: T, id: 'deal-7001', sellerId: 'owner-81234567', amount: 24000, currency: 'EUR', createdAt: '2026-09-01T08:00:00.000Z', closedAt: '2026-11-10T15:00:00.000Z', stage: 'closedwon', isClosed: true, isWon: true, companyId: 'company-9001', contactIds: ['contact-101', 'contact-102'] });
    const renamedStage = { ...deal, properties: { ...deal.properties, dealstage: 'contract_signed_custom', deal_currency_code: null } };
    expect(mapDeal(T, renamedStage, {}, 'USD')).toMatchObject({ isWon: true, currency: 'USD' });
    const lost = { ...deal, properties: { ...deal.properties, dealstage: 'closedwon', hs_is_closed_won: 'false' } };
    expect(mapDeal(T, lost, {}, 'EUR')).toMatchObject({ isClosed: true, isWon: false });
    const open = { ...deal, properties: { ...deal.properties, hs_is_closed: 'false', hs_is_closed_won: 'false' } };
    expect(mapDeal(T, open, {}, 'EUR')).toMatchObject({ isClosed: false, closedAt: null });
  });

  it('reads instants as ISO 8601 or epoch milliseconds', () => {
    expect(isoOrNull('1764572400000')).toBe('2025-12-01T07:00:00.000Z');
    expect(isoOrNull('2026-11-03T10:15:00Z')).toBe('2026-11-03T10:15:00.000Z');
    expect(isoOrNull('')).toBeNull();
    expect(isoOrNull('soon')).toBeNull();
  });
});
