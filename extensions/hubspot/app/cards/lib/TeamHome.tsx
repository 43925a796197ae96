import { useState } from 'react';
import { Button, EmptyState, Flex, Heading, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { formatScoreOf100, LEVEL_LABEL } from '@balanced-scorecard/shared/src/format';
import { LEVELS, type Level } from '@balanced-scorecard/shared/src/model/definition';
import {
  MeResponseSchema,
  PeriodListResponseSchema,
  SellerScorecardResponseSchema,
  TeamListResponseSchema,
  TeamScorecardsResponseSchema,
  type SellerSummary,
} from '@balanced-scorecard/shared/src/model/api';
import { createApi, hubspotFetcher, type Api, type Fetcher } from './api';
import { TeamInsights } from './Insights';
import { ScorecardView, StatusTag } from './ScorecardView';
import { Failed, Loading, NotAllowed } from './states';
import { useLoad } from './use-load';

export interface PageContext {
  user: { id: number };
  portal: { id: number };
}

type SortKey = 'name' | Level | 'balanceIndex';
type Direction = 'ascending' | 'descending';

function sortValue(s: SellerSummary, key: SortKey): string | number | null {
  if (key === 'name') return s.name;
  if (key === 'balanceIndex') return s.balanceIndex;
  return s.levels.find((l) => l.level === key)?.score ?? null;
}

/** Sellers in the order asked; sellers without a value last either way. */
export function sortSellers(sellers: readonly SellerSummary[], key: SortKey, direction: Direction): SellerSummary[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...sellers].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return order === 0 ? a.name.localeCompare(b.name) : sign * order;
  });
}

function TeamTable({ api, teamId, periodKey, onOpen }: { api: Api; teamId: string; periodKey: string; onOpen: (sellerId: string) => void }) {
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: 'balanceIndex', direction: 'descending' });
  const load = useLoad(() => api.get(`/api/v1/teams/${encodeURIComponent(teamId)}/scorecards`, TeamScorecardsResponseSchema, { key: periodKey }), `${teamId}/${periodKey}`);
  if (load.state === 'loading') return <Loading label="Loading the team" />;
  if (load.state === 'error') return <Failed error={load.error} onRetry={load.reload} />;
  const { sellers, locale, answersHidden } = load.data;
  if (sellers.length === 0) return <EmptyState title="No sellers in this team yet">{<Text>Sellers appear here once HubSpot names them owners in this team.</Text>}</EmptyState>;
  const header = (key: SortKey, label: string) => (
    <TableHeader
      key={key}
      sortDirection={sort.key === key ? sort.direction : 'none'}
      onSortChange={(direction) => setSort({ key, direction: direction === 'none' ? 'descending' : direction })}
      testId={`sort-${key}`}
    >
      {label}
    </TableHeader>
  );
  return (
    <Flex direction="column" gap="xs">
      <Table bordered testId="team-table">
        <TableHead>
          <TableRow>
            {header('name', 'Seller')}
            {LEVELS.map((level) => header(level, LEVEL_LABEL[level]))}
            {header('balanceIndex', 'Balance index')}
          </TableRow>
        </TableHead>
        <TableBody>
          {sortSellers(sellers, sort.key, sort.direction).map((s) => (
            <TableRow key={s.sellerId}>
              <TableCell>
                <Button variant="transparent" size="sm" onClick={() => onOpen(s.sellerId)} testId={`open-${s.sellerId}`}>
                  {s.name}
                </Button>
              </TableCell>
              {LEVELS.map((level) => {
                const score = s.levels.find((l) => l.level === level);
                return (
                  <TableCell key={level}>
                    {formatScoreOf100(score?.score ?? null, locale)} <StatusTag status={score?.status ?? 'grey'} />
                  </TableCell>
                );
              })}
              <TableCell>{s.balanceIndex === null ? 'Not enough data yet' : formatScoreOf100(s.balanceIndex, locale)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {answersHidden && <Text variant="microcopy">Check-in answers are private to the sellers here: the will level and the index are shown without them.</Text>}
    </Flex>
  );
}

function SellerDetail({ api, sellerId, periodKey, onBack }: { api: Api; sellerId: string; periodKey: string; onBack: () => void }) {
  const load = useLoad(() => api.get(`/api/v1/sellers/${encodeURIComponent(sellerId)}/scorecard`, SellerScorecardResponseSchema, { key: periodKey }), `${sellerId}/${periodKey}`);
  return (
    <Flex direction="column" gap="sm">
      <Button onClick={() => onBack()} variant="transparent" testId="back">
        ← Back to the team
      </Button>
      {load.state === 'loading' ? <Loading label="Loading the scorecard" /> : load.state === 'error' ? <Failed error={load.error} onRetry={load.reload} /> : <ScorecardView view={load.data} />}
    </Flex>
  );
}

/**
 * The app home (DESIGN §8): a manager's teams (an admin's: every team), sellers × the four levels
 * and the balance index for a period, sortable, each seller opening on their full scorecard.
 */
export function TeamHome({ context, fetcher = hubspotFetcher }: { context: PageContext; fetcher?: Fetcher }) {
  const api = createApi(fetcher, { portalId: context.portal.id, userId: context.user.id });
  const start = useLoad(
    async () => {
      const [me, teams, periods] = await Promise.all([api.get('/api/v1/me', MeResponseSchema), api.get('/api/v1/teams', TeamListResponseSchema), api.get('/api/v1/periods', PeriodListResponseSchema)]);
      return { me, teams: teams.teams, periods };
    },
    `${context.portal.id}/${context.user.id}`,
  );
  const [teamId, setTeamId] = useState<string | null>(null);
  const [periodKey, setPeriodKey] = useState<string | null>(null);
  const [sellerId, setSellerId] = useState<string | null>(null);
  if (start.state === 'loading') return <Loading label="Loading your teams" />;
  if (start.state === 'error') {
    if (start.error.status === 403) return <NotAllowed message={start.error.message} />;
    return <Failed error={start.error} onRetry={start.reload} />;
  }
  const { me, teams, periods } = start.data;
  if (teams.length === 0) {
    return <NotAllowed message={me.roles.includes('seller') ? 'The app home is for managers and admins: your own scorecard is on your contacts, companies and deals.' : 'You manage no team here. An admin can name you manager of a team in the app’s settings.'} />;
  }
  const team = teams.find((t) => t.teamId === teamId) ?? teams[0]!;
  const key = periodKey ?? periods.defaultKey;
  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" gap="sm" wrap="wrap">
        <Select label="Team" name="team" value={team.teamId} options={teams.map((t) => ({ value: t.teamId, label: `${t.name} (${t.sellerCount})` }))} onChange={(v) => { setTeamId(String(v)); setSellerId(null); }} testId="team-picker" />
        <Select label="Period" name="period" value={key} options={periods.periods.map((p) => ({ value: p.key, label: p.running ? `${p.name} (running)` : p.name }))} onChange={(v) => setPeriodKey(String(v))} testId="period-picker" />
      </Flex>
      {sellerId ? (
        <SellerDetail api={api} sellerId={sellerId} periodKey={key} onBack={() => setSellerId(null)} />
      ) : (
        <>
          <Heading>{team.name}</Heading>
          <TeamTable api={api} teamId={team.teamId} periodKey={key} onOpen={setSellerId} />
          <Heading>What our top sellers do</Heading>
          <TeamInsights api={api} teamId={team.teamId} isAdmin={me.roles.includes('admin')} />
        </>
      )}
    </Flex>
  );
}
