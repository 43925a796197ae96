import { Button, ErrorState, LoadingButton, Select, StatisticsItem, Table, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { defaultDefinition, indexBySeller, runInsights, TeamInsightsResponseSchema, TeamListResponseSchema } from '@balanced-scorecard/shared';
import { generatePlantedTeam } from '../../../test/support/planted-team';
import { TeamHome } from '../app/cards/lib/TeamHome';
import type { TestService } from '../../../test/support/service';
import { BRIDGE_PORTAL, BRIDGE_USERS, scriptedFetcher, serviceFetcher, startBridgeService, withOverrides } from './service-fetcher';

let svc: TestService;
beforeAll(async () => {
  svc = await startBridgeService();
});
afterAll(async () => {
  await svc.close();
});

const context = (userId: number) => ({ user: { id: userId }, portal: { id: BRIDGE_PORTAL } });

function renderHome(userId: number, fetcher = serviceFetcher(svc)) {
  const r = createRenderer('home');
  r.render(<TeamHome context={context(userId)} fetcher={fetcher} />);
  return { ...r, fetcher };
}

/** The seller names of the table, top to bottom. */
const names = (r: ReturnType<typeof renderHome>) =>
  r
    .findAll(Button)
    .filter((b) => String(b.props.testId ?? '').startsWith('open-'))
    .map((b) => b.text);

describe('the app home', () => {
  it("shows a manager their team's sellers × the four levels and the balance index, sortable, for the period picked", async () => {
    const r = renderHome(BRIDGE_USERS.manager);
    await r.waitFor(() => expect(r.findByTestId(Table, 'team-table')).toBeDefined(), { timeoutInMs: 5000 });
    const teams = TeamListResponseSchema.parse((await (await serviceFetcher(svc)(`https://scorecard.example.com/api/v1/teams?portalId=${BRIDGE_PORTAL}&userId=${BRIDGE_USERS.manager}`, { method: 'GET', timeout: 1000 })).json()));
    expect(r.findByTestId(Select, 'team-picker').props.options).toHaveLength(teams.teams.length);
    expect(r.findAll(TableRow)).toHaveLength(teams.teams[0]!.sellerCount + 1);
    expect(r.findAll(TableHeader).map((h) => h.text)).toEqual(['Seller', 'Result', 'Activity', 'Will', 'Foundation', 'Balance index']);
    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'insights-too-few') ?? r.maybeFindByTestId(Table, 'findings') ?? r.maybeFindByTestId(Text, 'insights-none')).not.toBeNull(), { timeoutInMs: 5000 });

    const byIndex = names(r);
    r.findByTestId(TableHeader, 'sort-name').trigger('onSortChange' as never, 'ascending' as never);
    await r.waitFor(() => expect(r.findByTestId(TableHeader, 'sort-name').props.sortDirection).toBe('ascending'));
    const byName = names(r);
    expect(byName).toEqual([...byName].sort((a, b) => String(a).localeCompare(String(b))));
    expect([...byName].sort()).toEqual([...byIndex].sort());

    const calls = r.fetcher.calls.length;
    const periods = r.findByTestId(Select, 'period-picker').props.options as { value: string }[];
    r.findByTestId(Select, 'period-picker').trigger('onChange', periods[2]!.value as never);
    await r.waitFor(() => expect(r.fetcher.calls.length).toBe(calls + 1), { timeoutInMs: 5000 });
    expect(r.fetcher.calls.at(-1)!.url).toContain(`key=${periods[2]!.value}`);
  });

  it("opens one seller's full scorecard and goes back to the team", async () => {
    const r = renderHome(BRIDGE_USERS.manager);
    await r.waitFor(() => expect(r.findByTestId(Table, 'team-table')).toBeDefined(), { timeoutInMs: 5000 });
    const first = r.findAll(Button).find((b) => String(b.props.testId ?? '').startsWith('open-'))!;
    const sellerId = String(first.props.testId).slice('open-'.length);
    first.trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatisticsItem, 'balance-index')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.fetcher.calls.at(-1)!.url).toContain(`/api/v1/sellers/${sellerId}/scorecard?`);
    r.findByTestId(Button, 'back').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Table, 'team-table')).toBeDefined(), { timeoutInMs: 5000 });
  });

  it('offers an admin every team', async () => {
    const r = renderHome(BRIDGE_USERS.admin);
    await r.waitFor(() => expect(r.findByTestId(Table, 'team-table')).toBeDefined(), { timeoutInMs: 5000 });
    const all = (await svc.store.loadPeople('demo')).teams.length;
    expect(r.findByTestId(Select, 'team-picker').props.options).toHaveLength(all);
  });

  it('tells a seller the home is for managers, and where their own scorecard is', async () => {
    const r = renderHome(BRIDGE_USERS.seller);
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'not-allowed')).toBeDefined(), { timeoutInMs: 5000 });
    expect(r.maybeFindByTestId(Table, 'team-table')).toBeNull();
  });

  it('shows an error with a retry', async () => {
    const fetcher = scriptedFetcher([() => ({ status: 503, body: { error: { code: 'store_unavailable', message: 'The store is not reachable' } } })]);
    const r = renderHome(BRIDGE_USERS.manager, fetcher);
    await r.waitFor(() => expect(r.findByTestId(ErrorState, 'error')).toBeDefined());
    const before = fetcher.calls.length;
    r.findByTestId(Button, 'retry').trigger('onClick');
    await r.waitFor(() => expect(fetcher.calls.length).toBeGreaterThan(before));
  });

  it('shows what the top sellers do, with effect, confidence and the KPI an admin can add, and the who-learns-what matrix', async () => {
    // The analysis of a team whose results two planted behaviours drive, as the service answers it.
    const now = '2026-11-20T12:00:00.000Z';
    const team = generatePlantedTeam({ seed: 31, sellers: 30, months: 8, now, tenantId: 'demo' });
    const report = runInsights({ definition: defaultDefinition(), sellers: team.sellers, index: indexBySeller(team), now });
    const insights = TeamInsightsResponseSchema.parse({
      teamId: 'team-1', status: report.status, message: report.message, window: report.window, sellers: report.sellers,
      names: Object.fromEntries(team.sellers.map((s) => [s.id, s.name])), topGroup: report.topGroup, permutations: report.permutations,
      findings: report.findings, plan: report.plan, flags: report.flags, checkInItemsLeftOut: false, currency: 'EUR', locale: 'en-US',
    });
    let fetcher = withOverrides(serviceFetcher(svc), 'GET', /\/api\/v1\/teams\/[^/]+\/insights\?/, [() => ({ status: 200, body: insights })]);
    fetcher = withOverrides(fetcher, 'POST', /\/api\/v1\/teams\/[^/]+\/plans\?/, [() => ({ status: 201, body: { planId: '5d7c6a3e-0b7e-4a51-9c1c-2f4a3e9b8d10', teamId: 'team-1', periodKey: '2026-10', createdBy: 'user-admin', createdAt: now } })]);
    const r = renderHome(BRIDGE_USERS.admin, fetcher);
    await r.waitFor(() => expect(r.findByTestId(Table, 'findings')).toBeDefined(), { timeoutInMs: 5000 });
    const separating = insights.findings.filter((f) => f.separates);
    expect(r.findByTestId(Table, 'findings').childNodes.length).toBeGreaterThan(0);
    expect(r.findAll(Text).some((t) => t.text === separating[0]!.sentence)).toBe(true);
    // The matrix: a column per plan item, group or individual, a row per seller outside the top group.
    const matrix = r.findByTestId(Table, 'plan-matrix');
    expect(matrix).toBeDefined();
    const headers = r.findAll(TableHeader).map((h) => h.text);
    for (const item of insights.plan!.items) expect(headers).toContain(`${item.label} (${item.mode})`);
    const focused = insights.plan!.sellers.find((s) => s.focus.some((f) => f.kind !== 'motivation'))!;
    const item = focused.focus.find((f) => f.kind !== 'motivation')!;
    expect(r.findByTestId(Tag, `focus-${focused.sellerId}-${item.itemId}`).text).toBe(item.mode === 'group' ? 'Group' : 'Individual');

    // An admin adds a proposed KPI: the definition in the service gains it.
    const kpiFinding = separating.find((f) => f.proposedKpi !== null)!;
    r.findByTestId(LoadingButton, `add-kpi-${kpiFinding.candidateId}`).trigger('onClick');
    await r.waitFor(() => expect(r.findAll(Tag).some((t) => t.text === 'Added as a KPI')).toBe(true), { timeoutInMs: 5000 });
    expect((await svc.store.getDefinition('demo'))!.indicators.map((i) => i.id)).toContain(kpiFinding.proposedKpi!.id);
    r.findByTestId(Button, 'save-plan').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'plan-saved').text).toContain('Saved the plan of 2026-10'));
  });
});
