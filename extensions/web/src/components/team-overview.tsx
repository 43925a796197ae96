import type { TeamListResponse, TeamScorecardsResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';
import { EmptyState, ErrorState, Loading } from './states';
import { TeamTable } from './team-table';

function TeamSection({ teamId, query, onOpenSeller }: { teamId: string; query: string; onOpenSeller: (id: string) => void }) {
  const team = useApi<TeamScorecardsResponse>(`/api/v1/teams/${encodeURIComponent(teamId)}/scorecards${query}`);
  if (team.state === 'loading') return <Loading label="Loading team" />;
  if (team.state === 'error') return <ErrorState error={team.error} onRetry={team.reload} />;
  if (team.data.sellers.length === 0) return <EmptyState>No active sellers in {team.data.team.name} yet.</EmptyState>;
  return <TeamTable data={team.data} onOpenSeller={onOpenSeller} />;
}

/** Every team the viewer reviews: a manager's own teams, all teams for an admin. */
export function TeamOverview({ query, onOpenSeller }: { query: string; onOpenSeller: (id: string) => void }) {
  const teams = useApi<TeamListResponse>('/api/v1/teams');
  if (teams.state === 'loading') return <Loading label="Loading teams" />;
  if (teams.state === 'error') return <ErrorState error={teams.error} onRetry={teams.reload} />;
  if (teams.data.teams.length === 0) return <EmptyState>No teams yet. They appear after the first sync.</EmptyState>;
  return (
    <section aria-label="Teams">
      {teams.data.teams.map((t) => (
        <TeamSection key={t.teamId} teamId={t.teamId} query={query} onOpenSeller={onOpenSeller} />
      ))}
    </section>
  );
}
