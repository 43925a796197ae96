import { LEVELS, type TeamScorecardsResponse } from '@balanced-scorecard/shared';
import { formatScore, LEVEL_LABEL, STATUS_CLASS } from './format';

const scoreStatus = (score: number | null) => (score === null ? 'grey' : score >= 90 ? 'green' : score >= 70 ? 'amber' : 'red');

/** A team's sellers × the four levels, the balance index beside the plain average, and rank. */
export function TeamTable({ data, onOpenSeller }: { data: TeamScorecardsResponse; onOpenSeller: (sellerId: string) => void }) {
  const { team, sellers, locale } = data;
  const withheld = sellers[0]?.withheldLevels ?? [];
  return (
    <>
      {data.answersHidden && (
        <p className="slds-text-color_weak slds-m-bottom_x-small" data-testid="answers-hidden">
          Check-in answers are private to each seller here: {withheld.length > 0 ? `${withheld.map((l) => LEVEL_LABEL[l]).join(' and ')} shows only as a team median from five sellers with a score, and the balance index leaves it out.` : 'no score here is computed from them.'}
        </p>
      )}
      <table className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-bottom_large" data-testid="team-table" aria-label={`Team ${team.name}`}>
        <caption className="slds-text-heading_small slds-text-align_left slds-p-vertical_x-small">
          {team.name} · {data.period.key}
        </caption>
        <thead>
          <tr className="slds-line-height_reset">
            <th scope="col">Seller</th>
            {LEVELS.map((l) => (
              <th scope="col" key={l}>
                {LEVEL_LABEL[l]}
              </th>
            ))}
            <th scope="col" title="Weighted geometric mean of the four levels: a weak level pulls it down">
              Balance index{withheld.length > 0 ? ` (without ${withheld.map((l) => LEVEL_LABEL[l]).join(', ')})` : ''}
            </th>
            <th scope="col" title="Plain weighted average, for comparison">
              Average
            </th>
            <th scope="col">Rank</th>
          </tr>
        </thead>
        <tbody>
          {sellers.map((s) => {
            const standing = s.standings.find((x) => x.teamId === team.teamId);
            return (
              <tr key={s.sellerId} data-testid="seller-row">
                <th scope="row">
                  <a href={`#/seller/${encodeURIComponent(s.sellerId)}`} onClick={() => onOpenSeller(s.sellerId)}>
                    {s.name}
                  </a>
                </th>
                {LEVELS.map((l) => {
                  const score = s.levels.find((x) => x.level === l)?.score ?? null;
                  return (
                    <td key={l} className={STATUS_CLASS[scoreStatus(score)]} data-level={l}>
                      {formatScore(score, locale)}
                    </td>
                  );
                })}
                <td>
                  <strong>{formatScore(s.balanceIndex, locale)}</strong>
                </td>
                <td>{formatScore(s.weightedAverage, locale)}</td>
                <td>{standing ? `${standing.rank} / ${standing.of}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Team median</th>
            {LEVELS.map((l) => (
              <td key={l}>{formatScore(team.medians.levels[l], locale)}</td>
            ))}
            <td>{formatScore(team.medians.balanceIndex, locale)}</td>
            <td>{formatScore(team.medians.weightedAverage, locale)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </>
  );
}
