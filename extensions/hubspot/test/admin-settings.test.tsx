import request from 'supertest';
import { Alert, Button, ErrorState, LoadingButton, MultiSelect, NumberInput, Select, Text, ToggleGroup } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { AdminSettings } from '../app/cards/lib/AdminSettings';
import type { TestService } from '../../../test/support/service';
import { BRIDGE_PORTAL, BRIDGE_USERS, serviceFetcher, startBridgeService, withOverrides } from './service-fetcher';

let svc: TestService;
beforeAll(async () => {
  svc = await startBridgeService();
  await svc.store.upsertUsers('demo', [{ userId: 'user-sales-lead', name: 'Sales lead', email: 'lead@example.com', isAdmin: false }]);
});
afterAll(async () => {
  await svc.close();
});

function renderSettings(userId: number, fetcher = serviceFetcher(svc)) {
  const r = createRenderer('settings');
  r.render(<AdminSettings context={{ user: { id: userId }, portal: { id: BRIDGE_PORTAL } }} fetcher={fetcher} />);
  return { ...r, fetcher };
}

/** Retries an async check until it passes (the renderer's waitFor takes synchronous checks only). */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const ready = async (r: ReturnType<typeof renderSettings>) => r.waitFor(() => expect(r.findByTestId(LoadingButton, 'save-definition')).toBeDefined(), { timeoutInMs: 5000 });

describe('the settings page', () => {
  it('is for admins only', async () => {
    for (const user of [BRIDGE_USERS.seller, BRIDGE_USERS.manager]) {
      const r = renderSettings(user);
      await r.waitFor(() => expect(r.findByTestId(ErrorState, 'not-allowed')).toBeDefined(), { timeoutInMs: 5000 });
      expect(r.maybeFindByTestId(LoadingButton, 'save-definition')).toBeNull();
    }
  });

  it('shows the field the service refuses by that field, and saves nothing', async () => {
    const before = (await svc.store.getDefinition('demo'))?.version ?? 0;
    const r = renderSettings(BRIDGE_USERS.admin);
    await ready(r);
    r.findByTestId(NumberInput, 'field-definition.indicators[0].target.value').trigger('onChange', -5 as never);
    await r.waitFor(() => expect(r.findByTestId(NumberInput, 'field-definition.indicators[0].target.value').props.value).toBe(-5));
    r.findByTestId(LoadingButton, 'save-definition').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'definition-error')).toBeDefined(), { timeoutInMs: 5000 });
    const refused = r.findAll(NumberInput).filter((n) => n.props.error === true);
    expect(refused.map((n) => n.props.name)).toEqual(['definition.indicators[0].target.value']);
    expect(refused[0]!.props.validationMessage).toMatch(/>=\s*0|too small|at least/i);
    expect((await svc.store.getDefinition('demo'))?.version ?? 0).toBe(before);
  });

  it('saves a team target and a level weight, and shows the will guard-rail when an activity target rises for a seller whose will is low', async () => {
    // seller-009 answers low motivation this period.
    const me = await request(svc.app).get('/api/v1/me').set('x-demo-user', 'user-seller-009');
    const answers = Object.fromEntries((me.body.checkInItems as { id: string }[]).map((i) => [i.id, 1]));
    expect((await request(svc.app).post('/api/v1/sellers/seller-009/check-ins').set('x-demo-user', 'user-seller-009').send({ answers })).status).toBe(201);

    const r = renderSettings(BRIDGE_USERS.admin);
    await ready(r);
    const definition = (await svc.store.getDefinition('demo')) ?? (await request(svc.app).get('/api/v1/definition').set('x-demo-user', 'user-admin')).body.definition;
    const index = definition.indicators.findIndex((i: { level: string; measure: { kind: string } }) => i.level === 'activity' && i.measure.kind === 'count');
    const indicator = definition.indicators[index];
    r.findByTestId(NumberInput, `field-definition.indicators[${index}].target.value`).trigger('onChange', (indicator.target.value * 3) as never);
    r.findByTestId(NumberInput, 'field-definition.levelWeights.will').trigger('onChange', 2 as never);
    r.findByTestId(Select, `add-teams-${indicator.id}`).trigger('onChange', 'team-2' as never);
    await r.waitFor(() => expect(r.findByTestId(NumberInput, `field-definition.indicators[${index}].target.teams.team-2`)).toBeDefined());
    r.findByTestId(LoadingButton, 'save-definition').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Alert, 'definition-saved')).toBeDefined(), { timeoutInMs: 10_000 });
    const warnings = r.findAll(Alert).filter((a) => String(a.props.testId).startsWith('will-warning-'));
    expect(warnings.map((w) => w.props.title)).toContain('Will is low: ' + (await svc.store.loadPeople('demo')).sellers.find((s) => s.id === 'seller-009')!.name);
    expect(r.findByTestId(Alert, 'definition-saved').props.variant).toBe('warning');
    const saved = (await svc.store.getDefinition('demo'))!;
    expect(saved.levelWeights.will).toBe(2);
    expect(saved.indicators[index]!.target.value).toBe(indicator.target.value * 3);
    expect(saved.indicators[index]!.target.teams['team-2']).toBe(indicator.target.value * 3);
  });

  it('names a team manager who owns nothing, and sets the privacy of answers', async () => {
    const r = renderSettings(BRIDGE_USERS.admin);
    await ready(r);
    r.findByTestId(MultiSelect, 'managers-team-1').trigger('onChange', ['user-sales-lead'] as never);
    await r.waitFor(() => expect(r.findByTestId(MultiSelect, 'managers-team-1').props.value).toEqual(['user-sales-lead']));
    r.findByTestId(Button, 'save-managers-team-1').trigger('onClick');
    await eventually(async () => expect(await svc.store.listTeamManagers('demo')).toEqual([{ teamId: 'team-1', userId: 'user-sales-lead' }]));

    r.findByTestId(ToggleGroup, 'privacy').trigger('onChange', 'aggregate' as never);
    await r.waitFor(() => expect(r.findByTestId(Text, 'privacy-state').text).toBe('Saved.'), { timeoutInMs: 5000 });
    expect((await svc.store.getTenant('demo'))!.willVisibility).toBe('aggregate');
    r.findByTestId(ToggleGroup, 'privacy').trigger('onChange', 'manager' as never);
    await eventually(async () => expect((await svc.store.getTenant('demo'))!.willVisibility).toBe('manager'));
  });

  it('shows the sync status and starts a sync now', async () => {
    const r = renderSettings(BRIDGE_USERS.admin);
    await ready(r);
    await r.waitFor(() => expect(r.findByTestId(Text, 'record-counts')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.findByTestId(Text, 'record-counts').text).toMatch(/^\d+ sellers, \d+ customers, \d+ deals, \d+ activities$/);
    expect(r.findByTestId(Text, 'answer-properties').text).toContain('not connected to HubSpot');
    expect(r.findByTestId(Text, 'properties-unavailable').text).toContain('not connected to HubSpot');
    r.findByTestId(LoadingButton, 'sync-now').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'settings-note').text).toMatch(/^A sync (has started|is running already)\.$/), { timeoutInMs: 5000 });
    expect(r.fetcher.calls.some((c) => c.method === 'POST' && c.url.includes('/api/v1/sync?'))).toBe(true);
    await svc.sync.drain();
  });

  it("picks the portal's properties for potential and satisfaction, each refusal shown by its field", async () => {
    const candidates = [
      { name: 'annualrevenue', label: 'Annual Revenue', objectTypes: ['companies'] },
      { name: 'customer_satisfaction_score', label: 'Customer satisfaction', objectTypes: ['companies', 'contacts'] },
    ];
    const listed = { potential: 'balanced_scorecard_potential', satisfaction: 'balanced_scorecard_satisfaction', candidates };
    let fetcher = withOverrides(serviceFetcher(svc), 'GET', /\/api\/v1\/hubspot\/customer-properties\?/, [() => ({ status: 200, body: listed })]);
    fetcher = withOverrides(fetcher, 'PUT', /\/api\/v1\/hubspot\/customer-properties\?/, [
      () => ({ status: 400, body: { error: { code: 'validation_failed', message: 'Pick number properties the portal has', issues: [{ path: 'body.satisfaction', message: 'no number property of companies or contacts in this portal' }] } } }),
      (call) => ({ status: 200, body: { ...(call.body as object), candidates } }),
    ]);
    const r = renderSettings(BRIDGE_USERS.admin, fetcher);
    await r.waitFor(() => expect(r.findByTestId(Select, 'property-potential')).toBeDefined(), { timeoutInMs: 5000 });
    // The property in force is offered even when the portal lacks it, marked so.
    expect(r.findByTestId(Select, 'property-potential').props.options[0]).toEqual({ value: 'balanced_scorecard_potential', label: 'balanced_scorecard_potential (not in this portal)' });
    r.findByTestId(Select, 'property-potential').trigger('onChange', 'annualrevenue' as never);
    r.findByTestId(LoadingButton, 'save-properties').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Select, 'property-satisfaction').props.error).toBe(true));
    expect(r.findByTestId(Select, 'property-satisfaction').props.validationMessage).toBe('no number property of companies or contacts in this portal');
    r.findByTestId(Select, 'property-satisfaction').trigger('onChange', 'customer_satisfaction_score' as never);
    r.findByTestId(LoadingButton, 'save-properties').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'properties-saved')).toBeDefined());
    const puts = fetcher.calls.filter((c) => c.method === 'PUT' && c.url.includes('customer-properties'));
    expect(puts.map((c) => c.body)).toEqual([
      { potential: 'annualrevenue', satisfaction: 'balanced_scorecard_satisfaction' },
      { potential: 'annualrevenue', satisfaction: 'customer_satisfaction_score' },
    ]);
  });

  it('offers to create the will and foundation properties after HubSpot refused them, and says what came of it', async () => {
    const status = (state: 'refused' | 'created', reason: string | null) => ({
      running: false,
      connector: 'hubspot',
      installation: { crm: 'hubspot', accountId: String(BRIDGE_PORTAL), status: 'installed', installedAt: '2026-11-01T08:00:00.000Z', lastSuccessAt: '2026-11-20T11:50:00.000Z', lastError: null, nextRunAt: '2026-11-20T12:00:00.000Z', uninstalledAt: null, purgeAfter: null, answerProperties: state, answerPropertiesReason: reason },
      counts: { teams: 2, sellers: 20, customers: 100, deals: 40, activities: 900, checkIns: 10 },
      runs: [],
    });
    let fetcher = withOverrides(serviceFetcher(svc), 'GET', /\/api\/v1\/sync\/status\?/, [() => ({ status: 200, body: status('refused', 'HubSpot refused the property group on users (MISSING_SCOPES, HTTP 403)') }), () => ({ status: 200, body: status('created', null) })]);
    fetcher = withOverrides(fetcher, 'POST', /\/api\/v1\/hubspot\/answer-properties\?/, [() => ({ status: 200, body: { state: 'created', reason: null } })]);
    const r = renderSettings(BRIDGE_USERS.admin, fetcher);
    await r.waitFor(() => expect(r.findByTestId(Text, 'answer-properties')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.findByTestId(Text, 'answer-properties').text).toBe('Refused by HubSpot: answers stay in the service only (HubSpot refused the property group on users (MISSING_SCOPES, HTTP 403))');
    r.findByTestId(LoadingButton, 'create-properties').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'settings-note').text).toBe('The will and foundation properties are there.'), { timeoutInMs: 5000 });
    await r.waitFor(() => expect(r.maybeFindByTestId(LoadingButton, 'create-properties')).toBeNull(), { timeoutInMs: 5000 });
  });
});
