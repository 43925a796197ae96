import { Alert, Button, EmptyState, ErrorState, Form, LineChart, LoadingSpinner, StatisticsItem, Tag, Text, ToggleGroup } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { RecordCardResponseSchema, type RecordCardResponse } from '@balanced-scorecard/shared';
import { FETCH_TIMEOUT_MS } from '../app/cards/lib/api';
import { RecordCard, type RecordCardContext } from '../app/cards/lib/RecordCard';
import { TEST_NOW, type TestService } from '../../../test/support/service';
import { BRIDGE_PORTAL, BRIDGE_USERS, scriptedFetcher, serviceFetcher, startBridgeService } from './service-fetcher';

/**
 * The record card from HubSpot's testing renderer (no DOM), its data from the real service on
 * the demo bridge, signed as HubSpot's proxy signs it, or from a scripted fetcher for the states
 * a healthy demo does not produce.
 */
let svc: TestService;
let ownerView: RecordCardResponse;

const context = (objectTypeId: string, objectId: number | string, userId: number): RecordCardContext =>
  ({ user: { id: userId, locale: 'en-US' }, portal: { id: BRIDGE_PORTAL }, crm: { objectTypeId, objectId } }) as RecordCardContext;

beforeAll(async () => {
  svc = await startBridgeService();
  await svc.store.upsertUsers('demo', [{ userId: 'user-nobody', name: 'Nobody in sales', email: null, isAdmin: false }]);
  const fetcher = serviceFetcher(svc);
  ownerView = RecordCardResponseSchema.parse(await (await fetcher(`https://scorecard.example.com/api/v1/hubspot/record-card?objectType=companies&objectId=seller-001-1&portalId=${BRIDGE_PORTAL}&userId=${BRIDGE_USERS.seller}`, { method: 'GET', timeout: 1000 })).json());
});
afterAll(async () => {
  await svc.close();
});

function renderCard(ctx: RecordCardContext, fetcher: ReturnType<typeof scriptedFetcher>) {
  const r = createRenderer('crm.record.tab');
  r.render(<RecordCard context={ctx} fetcher={fetcher} />);
  return r;
}

const texts = (r: ReturnType<typeof createRenderer>) => r.findAll(Text).map((t) => t.text ?? '').join('\n');

describe('the record card on the real service', () => {
  it("shows a seller's own record: four levels with status, the balance index and its meaning, each indicator, a trend per level, the customer's share and activity", async () => {
    const fetcher = serviceFetcher(svc);
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), fetcher);
    expect(r.find(LoadingSpinner)).toBeDefined();
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'balance-index')).toBeDefined(), { timeoutInMs: 5000 });
    expect(fetcher.calls).toHaveLength(1);
    const [call] = fetcher.calls;
    expect(call!.method).toBe('GET');
    expect(call!.timeout).toBe(FETCH_TIMEOUT_MS);
    expect(call!.timeout).toBeLessThan(15_000);
    expect(call!.url).toBe(`https://scorecard.example.com/api/v1/hubspot/record-card?objectType=companies&objectId=seller-001-1&portalId=${BRIDGE_PORTAL}&userId=${BRIDGE_USERS.seller}`);

    for (const level of ['result', 'activity', 'will', 'foundation']) {
      expect(r.findByTestId(StatisticsItem, `level-${level}`).props.number).toMatch(/^(\d+ \/ 100|—)$/);
      expect(r.findByTestId(Tag, `level-status-${level}`)).toBeDefined();
      expect((r.findByTestId(LineChart, `trend-${level}`).props.data as unknown[]).length).toBeGreaterThan(0);
    }
    const index = r.findByTestId(StatisticsItem, 'balance-index');
    expect(index.props.number).toMatch(/^\d+ \/ 100$/);
    expect(texts(r)).toContain('The levels multiplied, weighted');
    const indicators = ownerView.scorecard!.scorecard.indicators;
    for (const i of indicators) expect(r.findByTestId(Tag, `status-${i.indicatorId}`)).toBeDefined();
    expect(r.findByTestId(Text, 'potential-share').text).toMatch(/%$|—/);
    expect(r.findAll(Text).some((t) => /^(Call|Meeting|Email|Task|Note|Message|Social|Visit) · /.test(t.text ?? ''))).toBe(true);
    // The viewer's own check-in, one 1–5 item each, its ends labelled (done already in the demo: answered again here).
    if (ownerView.checkIn!.answeredAt !== null) r.findByTestId(Button, 'check-in-again').trigger('onClick');
    await r.waitFor(() => expect(r.findAll(ToggleGroup).length).toBeGreaterThan(0));
    const items = r.findAll(ToggleGroup);
    expect(items).toHaveLength(ownerView.checkIn!.items.length);
    expect(items[0]!.props.options.map((o: { label: string }) => o.label)).toEqual(['1 (not at all)', '2', '3', '4', '5 (fully)']);
  });

  it("shows a seller their own scorecard on another seller's record, saying whose record it is", async () => {
    const fetcher = serviceFetcher(svc);
    const r = renderCard(context('0-2', 'seller-009-1', BRIDGE_USERS.seller), fetcher);
    await r.waitFor(() => expect(r.findByTestId(Text, 'whose-record')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.findByTestId(Text, 'whose-record').text).toMatch(/^This record belongs to .+; this is your own scorecard\.$/);
    expect(fetcher.calls).toHaveLength(1);
  });

  it("shows a manager the scorecard of a seller they manage, and an admin the owner's without the answers", async () => {
    const manager = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.manager), serviceFetcher(svc));
    await manager.waitFor(() => expect(manager.findByTestId(StatisticsItem, 'balance-index')).toBeDefined(), { timeoutInMs: 5000 });
    expect(manager.maybeFindByTestId(Text, 'whose-record')).toBeNull();
    expect(manager.findAll(ToggleGroup)).toHaveLength(0);
    const admin = renderCard(context('0-2', 'seller-009-1', BRIDGE_USERS.admin), serviceFetcher(svc));
    await admin.waitFor(() => expect(admin.findByTestId(StatisticsItem, 'balance-index')).toBeDefined(), { timeoutInMs: 5000 });
    expect(texts(admin)).toContain('Check-in answers are private to the seller here');
  });

  it('tells a user who is no seller, manager or admin that the scorecard is not for them', async () => {
    const r = renderCard(context('0-1', '123', BRIDGE_USERS.stranger), serviceFetcher(svc));
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'not-allowed')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.findByTestId(ErrorState, 'not-allowed').props.type).toBe('lock');
  });

  it('submits the check-in and shows it done for this period', async () => {
    const fetcher = serviceFetcher(svc);
    const before = (await svc.store.listCheckIns('demo', 'seller-001')).length;
    const r = renderCard(context('0-2', 'seller-001-2', BRIDGE_USERS.seller), fetcher);
    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'check-in-done') ?? r.maybeFindByTestId(Form, 'check-in-form')).not.toBeNull(), { timeoutInMs: 5000 });
    if (r.maybeFindByTestId(Alert, 'check-in-done')) r.findByTestId(Button, 'check-in-again').trigger('onClick');
    await r.waitFor(() => expect(r.findAll(ToggleGroup).length).toBeGreaterThan(0));
    const submit = () => r.findByTestId(Button, 'check-in-submit');
    expect(submit().props.disabled).toBe(true);
    for (const item of r.findAll(ToggleGroup)) item.trigger('onChange', '4' as never);
    await r.waitFor(() => expect(submit().props.disabled).toBe(false));
    r.findByTestId(Form, 'check-in-form').trigger('onSubmit');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'check-in-done')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.findByTestId(Alert, 'check-in-done').props.title).toBe(`Check-in done for ${ownerView.checkIn!.periodName}`);
    expect(fetcher.calls.map((c) => c.method)).toEqual(['GET', 'POST']);
    expect(fetcher.calls[1]!.url).toBe(`https://scorecard.example.com/api/v1/sellers/seller-001/check-ins?portalId=${BRIDGE_PORTAL}&userId=${BRIDGE_USERS.seller}`);
    const saved = await svc.store.listCheckIns('demo', 'seller-001');
    expect(saved).toHaveLength(before + 1);
    const mine = saved.filter((c) => c.submittedBy === 'user-seller-001' && c.at === TEST_NOW.toISOString());
    expect(mine).toHaveLength(1);
    expect(Object.values(mine[0]!.answers).every((v) => v === 4)).toBe(true);
  });

  it('shows an answer the service refuses by its item', async () => {
    const body = { ...ownerView, checkIn: { ...ownerView.checkIn!, answeredAt: null } };
    const first = ownerView.checkIn!.items[0]!.id;
    const fetcher = scriptedFetcher([
      () => ({ status: 200, body }),
      () => ({ status: 400, body: { error: { code: 'validation_failed', message: 'Invalid body', issues: [{ path: `body.answers.${first}`, message: 'a whole number from 1 to 5' }] } } }),
    ]);
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), fetcher);
    await r.waitFor(() => expect(r.findAll(ToggleGroup).length).toBeGreaterThan(0));
    for (const item of r.findAll(ToggleGroup)) item.trigger('onChange', '3' as never);
    r.findByTestId(Form, 'check-in-form').trigger('onSubmit');
    await r.waitFor(() => expect(r.findByTestId(ToggleGroup, `item-${first}`).props.error).toBe(true));
    expect(r.findByTestId(ToggleGroup, `item-${first}`).props.validationMessage).toBe('a whole number from 1 to 5');
    expect(r.maybeFindByTestId(Alert, 'check-in-done')).toBeNull();
  });
});

describe('the record card states', () => {
  const withView = (patch: Partial<RecordCardResponse>, record: Partial<RecordCardResponse['record']> = {}) => ({ ...ownerView, ...patch, record: { ...ownerView.record, ...record } });

  it('says when the record has no owner', async () => {
    const body = withView({ shown: 'own', note: 'This record has no owner among the sellers; this is your own scorecard.' }, { owner: null });
    const r = renderCard(context('0-1', '501', BRIDGE_USERS.seller), scriptedFetcher([() => ({ status: 200, body })]));
    await r.waitFor(() => expect(r.findByTestId(Alert, 'no-owner')).toBeDefined());
    expect(r.findByTestId(Alert, 'no-owner').props.title).toBe('This record has no owner');
  });

  it('says "no data yet" for a record the sync has not brought and no scorecard', async () => {
    const body = withView({ shown: 'none', note: 'This record has no owner among the sellers.', scorecard: null, checkIn: null }, { known: false, owner: null, recentActivities: [], potential: null, potentialShare: null });
    const r = renderCard(context('0-3', '777', BRIDGE_USERS.admin), scriptedFetcher([() => ({ status: 200, body })]));
    await r.waitFor(() => expect(r.findByTestId(EmptyState, 'no-data')).toBeDefined());
    expect(r.findByTestId(EmptyState, 'no-data').props.title).toBe('No data yet');
    expect(r.maybeFindByTestId(StatisticsItem, 'balance-index')).toBeNull();
  });

  it('shows an error with a retry that loads again, one request per load', async () => {
    const fetcher = scriptedFetcher([() => ({ status: 502, body: { error: { code: 'crm_unavailable', message: 'HubSpot did not answer in time' } } }), () => ({ status: 200, body: ownerView })]);
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), fetcher);
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'error')).toBeDefined());
    expect(texts(r)).toContain('HubSpot did not answer in time');
    expect(fetcher.calls).toHaveLength(1);
    r.findByTestId(Button, 'retry').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'balance-index')).toBeDefined());
    expect(fetcher.calls).toHaveLength(2);
  });

  it("reads a backend error the dev proxy wraps in HTTP 200, and refuses an answer outside the contract", async () => {
    const wrapped = { status: 'error', category: 'BAD_GATEWAY', message: 'Backend error', responseBody: JSON.stringify({ error: { code: 'forbidden', message: 'Scorecards are for the sellers, their managers and admins of this account' } }) };
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), scriptedFetcher([() => ({ status: 200, body: wrapped })]));
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'not-allowed')).toBeDefined());
    const odd = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), scriptedFetcher([() => ({ status: 200, body: { ...ownerView, extra: true } })]));
    await odd.waitFor(() => expect(odd.findByTestId(ErrorState, 'error')).toBeDefined());
    expect(texts(odd)).toContain('shape this card does not know');
  });

  it('shows an error when the service cannot be reached at all', async () => {
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), scriptedFetcher([() => Promise.reject(new Error('timeout'))]));
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'error')).toBeDefined());
    expect(texts(r)).toContain('could not be reached');
  });

  it("shows the shown seller's one or two focus items, with the baseline and how far the gap has closed", async () => {
    const focus = [
      { itemId: 'follow_up_24h', label: 'Follow-up within 24 h', kind: 'behaviour' as const, mode: 'group' as const, baseline: 40, benchmark: 80, gap: 0.5, priority: 0.4, unit: 'percent' as const, perWorkingDay: false, months: [{ periodKey: '2026-11', value: 60, closed: 0.5 }] },
    ];
    const r = renderCard(context('0-2', 'seller-001-1', BRIDGE_USERS.seller), scriptedFetcher([() => ({ status: 200, body: withView({ focus }) })]));
    await r.waitFor(() => expect(r.findByTestId(Text, 'focus-follow_up_24h')).toBeDefined());
    expect(r.findByTestId(Text, 'focus-follow_up_24h').text).toBe('Follow-up within 24 h (group session): from 40% toward 80%; 2026-11: 60%, 50% of the gap closed');
  });
});
