import { ALL_SELLERS_TEAM, periodKindOfKey, periodName, type CheckInSummaryResponse, type TeamListResponse, type TeamScorecardsResponse, type TeamTrendResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';
import { TeamInsights } from './insights';
import { EmptyState, ErrorState, Loading } from './states';
import { TeamTable } from './team-table';
import { TeamTrendChart } from './trend-chart';

function TeamSection({ teamId, query, checkInKey, onOpenSeller, isAdmin }: { teamId: string; query: string; checkInKey: string; onOpenSeller: (id: string) => void; isAdmin: boolean }) {
  const team = useApi<TeamScorecardsResponse>(`/api/v1/teams/${encodeURIComponent(teamId)}/scorecards${query}`);
  if (team.state === 'loading') return <Loading label="Loading team" />;
  if (team.state === 'error') return <ErrorState error={team.error} onRetry={team.reload} />;
  if (team.data.sellers.length === 0) return <EmptyState>No active sellers in {team.data.team.name} yet.</EmptyState>;
  return (
    <>
      <TeamTable data={team.data} onOpenSeller={onOpenSeller} />
      <TeamTrend teamId={teamId} teamName={team.data.team.name} query={query} />
      <CheckInSummary teamId={teamId} teamName={team.data.team.name} periodKey={periodKindOfKey(team.data.period.key) === periodKindOfKey(checkInKey) ? team.data.period.key : checkInKey} locale={team.data.locale} />
      <TeamInsights teamId={teamId} title={team.data.team.name} isAdmin={isAdmin} />
    </>
  );
}

/** How the team's levels and balance index moved over the last periods, up to the one shown. */
function TeamTrend({ teamId, teamName, query }: { teamId: string; teamName: string; query: string }) {
  const trend = useApi<TeamTrendResponse>(`/api/v1/teams/${encodeURIComponent(teamId)}/trend${query}`);
  return (
    <section className="slds-box slds-m-bottom_large" aria-label={`Trend of ${teamName}`}>
      <h2 className="slds-text-heading_small">Team medians, last six periods</h2>
      {trend.state === 'loading' && <Loading label="Loading the team trend" />}
      {trend.state === 'error' && <ErrorState error={trend.error} onRetry={trend.reload} />}
      {trend.state === 'success' && (
        <>
          {trend.data.answersHidden && <p className="slds-text-body_small slds-text-color_weak">Will shows as a team median only for periods where at least five sellers have answered; no one’s answers are shown.</p>}
          <TeamTrendChart trend={trend.data} />
        </>
      )}
    </section>
  );
}

/** The team's check-in averages for a period, shown only from enough respondents that no one's answers can be told. */
function CheckInSummary({ teamId, teamName, periodKey, locale }: { teamId: string; teamName: string; periodKey: string; locale: string }) {
  const summary = useApi<CheckInSummaryResponse>(`/api/v1/teams/${encodeURIComponent(teamId)}/check-ins/summary?key=${encodeURIComponent(periodKey)}`);
  if (summary.state !== 'success') return null;
  const { answered, minimum, items } = summary.data;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (
    <section className="slds-box slds-m-bottom_large" aria-label={`Check-ins of ${teamName}`} data-testid="check-in-summary">
      <h2 className="slds-text-heading_small">
        Check-ins for {periodName(periodKey, locale)}: {answered} answered
      </h2>
      {items === null ? (
        <p className="slds-text-color_weak">Team averages show once {minimum} sellers have answered, so that no one’s answers can be told apart.</p>
      ) : (
        <ul className="bs-legend">
          {items.map((i) => (
            <li key={i.itemId} data-item={i.itemId}>
              {i.label}: <strong>{format.format(i.mean)} / 5</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every team the viewer reviews: a manager's own teams, all teams for an admin. */
export function TeamOverview({ query, checkInKey, onOpenSeller, isAdmin }: { query: string; checkInKey: string; onOpenSeller: (id: string) => void; isAdmin: boolean }) {
  const teams = useApi<TeamListResponse>('/api/v1/teams');
  if (teams.state === 'loading') return <Loading label="Loading teams" />;
  if (teams.state === 'error') return <ErrorState error={teams.error} onRetry={teams.reload} />;
  if (teams.data.teams.length === 0) return <EmptyState>No teams yet. They appear after the first sync.</EmptyState>;
  return (
    <section aria-label="Teams">
      {teams.data.teams.map((t) => (
        <TeamSection key={t.teamId} teamId={t.teamId} query={query} checkInKey={checkInKey} onOpenSeller={onOpenSeller} isAdmin={isAdmin} />
      ))}
      {isAdmin && teams.data.teams.length > 1 && <TeamInsights teamId={ALL_SELLERS_TEAM} title="every team" isAdmin />}
    </section>
  );
}
