import { useState } from 'react';
import { LEVELS, periodName, type Level, type SellerSummary, type TeamScorecardsResponse } from '@balanced-scorecard/shared';
import { formatScore, LEVEL_LABEL, STATUS_CLASS } from './format';
import { Legend } from './states';

type Column = 'name' | Level | 'balanceIndex' | 'weightedAverage' | 'rank';
type Sort = { column: Column; descending: boolean };

const levelOf = (s: SellerSummary, level: Level) => s.levels.find((l) => l.level === level);

/** The value a column sorts by; null (grey, no data) always sorts last. */
function sortValue(s: SellerSummary, column: Column, teamId: string): number | string | null {
  if (column === 'name') return s.name;
  if (column === 'balanceIndex') return s.balanceIndex;
  if (column === 'weightedAverage') return s.weightedAverage;
  if (column === 'rank') return s.standings.find((x) => x.teamId === teamId)?.rank ?? null;
  return levelOf(s, column)?.score ?? null;
}

function sorted(sellers: readonly SellerSummary[], sort: Sort, teamId: string): SellerSummary[] {
  return [...sellers].sort((a, b) => {
    const x = sortValue(a, sort.column, teamId);
    const y = sortValue(b, sort.column, teamId);
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return (sort.descending ? -order : order) || a.name.localeCompare(b.name);
  });
}

function SortHeader({ column, label, sort, onSort, title }: { column: Column; label: string; sort: Sort; onSort: (c: Column) => void; title?: string }) {
  const active = sort.column === column;
  return (
    <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'} title={title}>
      <button type="button" className="bs-sort" onClick={() => onSort(column)} data-testid={`sort-${column}`}>
        {label}
        {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

/**
 * A team's sellers × the four levels, the balance index beside the average, and rank; every
 * column sorts. Ranks are the service's: ties share a rank, and sellers without a balance index
 * are not ranked.
 */
export function TeamTable({ data, onOpenSeller }: { data: TeamScorecardsResponse; onOpenSeller: (sellerId: string) => void }) {
  const { team, sellers, locale } = data;
  const [sort, setSort] = useState<Sort>({ column: 'rank', descending: false });
  const withheld = sellers[0]?.withheldLevels ?? [];
  const onSort = (column: Column) => setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' && column !== 'rank' }));
  return (
    <section className="slds-m-bottom_large" aria-label={`Team ${team.name}`}>
      {data.answersHidden && (
        <p className="slds-text-color_weak slds-m-bottom_x-small" data-testid="answers-hidden">
          Check-in answers are private to each seller here: {withheld.length > 0 ? `${withheld.map((l) => LEVEL_LABEL[l]).join(' and ')} shows only as a team median from five sellers with a score, and the balance index leaves it out.` : 'no score here is computed from them.'}
        </p>
      )}
      <div className="bs-scroll">
        <table className="slds-table slds-table_bordered slds-table_cell-buffer" data-testid="team-table" aria-label={`Team ${team.name}`}>
          <caption className="slds-text-heading_small slds-text-align_left slds-p-vertical_x-small">
            {team.name} · <span data-testid="period-name">{periodName(data.period.key, locale)}</span>
            {data.period.running ? ` (running, ${Math.round(data.period.elapsedShare * 100)} % behind it: provisional)` : ''}
          </caption>
          <thead>
            <tr className="slds-line-height_reset">
              <SortHeader column="name" label="Seller" sort={sort} onSort={onSort} />
              {LEVELS.map((l) => (
                <SortHeader key={l} column={l} label={`${LEVEL_LABEL[l]} / 100`} sort={sort} onSort={onSort} />
              ))}
              <SortHeader
                column="balanceIndex"
                label={`Balance index${withheld.length > 0 ? ` (without ${withheld.map((l) => LEVEL_LABEL[l]).join(', ')})` : ''}`}
                title="Weighted geometric mean of the four levels: a weak level pulls it down"
                sort={sort}
                onSort={onSort}
              />
              <SortHeader column="weightedAverage" label="Average" title="The plain weighted average of the levels, for comparison" sort={sort} onSort={onSort} />
              <SortHeader column="rank" label="Rank" title="By balance index; equal indexes share a rank; sellers without one are not ranked" sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {sorted(sellers, sort, team.teamId).map((s) => {
              const standing = s.standings.find((x) => x.teamId === team.teamId);
              return (
                <tr key={s.sellerId} data-testid="seller-row" data-seller={s.sellerId}>
                  <th scope="row">
                    <a href={`#/seller/${encodeURIComponent(s.sellerId)}`} onClick={(e) => (e.preventDefault(), onOpenSeller(s.sellerId))}>
                      {s.name}
                    </a>
                  </th>
                  {LEVELS.map((l) => {
                    const level = levelOf(s, l);
                    return (
                      <td key={l} className={STATUS_CLASS[level?.status ?? 'grey']} data-level={l} data-status={level?.status ?? 'grey'} title={level && level.score === null ? `Not enough data yet (${Math.round(level.coverage * 100)} % of its weight)` : undefined}>
                        {formatScore(level?.score ?? null, locale)}
                      </td>
                    );
                  })}
                  <td data-testid="balance-index">
                    <strong>{formatScore(s.balanceIndex, locale)}</strong>
                  </td>
                  <td>{formatScore(s.weightedAverage, locale)}</td>
                  <td data-testid="rank">{standing ? `${standing.rank} / ${standing.of}` : '—'}</td>
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
      </div>
      <Legend />
    </section>
  );
}
