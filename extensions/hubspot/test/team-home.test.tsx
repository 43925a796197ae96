import { Button, EmptyState, ErrorState, Select, StatisticsItem, Table, TableHeader, TableRow } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { TeamListResponseSchema } from '@balanced-scorecard/shared';
import { TeamHome } from '../app/cards/lib/TeamHome';
import type { TestService } from '../../../test/support/service';
import { BRIDGE_PORTAL, BRIDGE_USERS, scriptedFetcher, serviceFetcher, startBridgeService } from './service-fetcher';

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
    expect(r.findByTestId(EmptyState, 'insights')).toBeDefined();

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
});
