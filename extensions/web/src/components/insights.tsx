import { useState } from 'react';
import { confidenceWord, describeFlags, formatAttainment, formatFindingValue, hasFlags, planCell, type DefinitionResponse, type FocusEntry, type SellerFocusResponse, type TeamInsightsResponse } from '@balanced-scorecard/shared';
import { ApiError } from '../api/client';
import { useApi, useApiClient } from '../api/use-api';
import { ErrorState, Loading } from './states';

type Finding = TeamInsightsResponse['findings'][number];

function AddKpiButton({ finding }: { finding: Finding }) {
  const client = useApiClient();
  const [state, setState] = useState<'idle' | 'saving' | 'added' | Error>('idle');
  const kpi = finding.proposedKpi!;
  async function add() {
    setState('saving');
    try {
      const { definition } = await client.get<DefinitionResponse>('/api/v1/definition');
      if (!definition.indicators.some((i) => i.id === kpi.id)) {
        await client.send('PUT', '/api/v1/definition', { baseVersion: definition.version, definition: { ...definition, indicators: [...definition.indicators, kpi] } });
      }
      setState('added');
    } catch (error) {
      setState(error instanceof Error ? error : new Error(String(error)));
    }
  }
  if (state === 'added') return <span className="slds-badge slds-theme_success" data-testid="kpi-added">Added as a KPI</span>;
  return (
    <>
      <button type="button" className="slds-button slds-button_neutral" disabled={state === 'saving'} onClick={add} data-testid={`add-kpi-${finding.candidateId}`}>
        {state === 'saving' ? 'Adding…' : 'Add as KPI'}
      </button>
      {state instanceof Error && (
        <span className="slds-text-color_error" role="alert">
          {' '}
          {state.message}
        </span>
      )}
    </>
  );
}

/**
 * What the top sellers of a team (or of every team, for an admin) do differently, with effect
 * and confidence and the KPI each proposes (DESIGN §6.1); who learns what, sellers × items with
 * group sessions and individual coaching marked (§6.2); and the data-quality flags (§6.3).
 */
export function TeamInsights({ teamId, title, isAdmin }: { teamId: string; title: string; isAdmin: boolean }) {
  const res = useApi<TeamInsightsResponse>(`/api/v1/teams/${encodeURIComponent(teamId)}/insights`);
  const client = useApiClient();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className="slds-box slds-m-bottom_large" aria-label={`What the top sellers do: ${title}`} data-testid={`insights-${teamId}`}>
      <h2 className="slds-text-heading_small">What the top sellers do: {title}</h2>
      {res.state === 'loading' && <Loading label="Looking at what the top sellers do" />}
      {res.state === 'error' && <ErrorState error={res.error} onRetry={res.reload} />}
      {res.state === 'success' && <Body ins={res.data} isAdmin={isAdmin} onSave={save} saved={saved} />}
    </section>
  );
  async function save() {
    try {
      const summary = await client.send<{ periodKey: string }>('POST', `/api/v1/teams/${encodeURIComponent(teamId)}/plans`, {});
      setSaved(`Plan saved for ${summary.periodKey}: the sellers’ scorecards show their focus items, and later months show whether each moved.`);
    } catch (error) {
      setSaved(error instanceof ApiError ? error.message : String(error));
    }
  }
}

function Body({ ins, isAdmin, onSave, saved }: { ins: TeamInsightsResponse; isAdmin: boolean; onSave: () => void; saved: string | null }) {
  const formats = { locale: ins.locale, currency: ins.currency };
  const name = (id: string) => ins.names[id] ?? id;
  if (ins.status !== 'ok') return <p className="slds-text-color_weak" data-testid="too-few">{ins.message}</p>;
  const separating = ins.findings.filter((f) => f.separates);
  const plan = ins.plan!;
  const learners = plan.sellers.filter((s) => !ins.topGroup.includes(s.sellerId));
  const flagged = ins.flags.filter(hasFlags);
  return (
    <>
      <p className="slds-text-body_small slds-text-color_weak">
        {ins.window.periods[0]} to {ins.window.periods.at(-1)}: the top {ins.topGroup.length} of {ins.sellers} sellers by results ({ins.topGroup.map(name).join(', ')}) against the rest. A behaviour separates them at an effect (Cliff’s δ) of at least 0.33 and q ≤ 0.10.
        {ins.checkInItemsLeftOut ? ' Check-in answers are private here, so the will and foundation items are left out.' : ''}
      </p>
      {separating.length === 0 ? (
        <p data-testid="no-findings">No behaviour separates the top sellers from the rest clearly enough yet.</p>
      ) : (
        <ul className="slds-has-dividers_bottom-space" data-testid="findings">
          {separating.map((f) => (
            <li key={f.candidateId} className="slds-item" data-finding={f.candidateId}>
              <div className="bs-banner">
                <strong>{f.label}</strong>
                <span>
                  top sellers <strong>{formatFindingValue(f.topMedian, f, formats)}</strong>, the others {formatFindingValue(f.restMedian, f, formats)}
                </span>
              </div>
              <div className="slds-text-body_small">
                effect (Cliff’s δ) {f.delta === null ? '—' : f.delta.toFixed(2)} · {confidenceWord(f.q)} (q {f.q === null ? '—' : f.q.toFixed(3)})
              </div>
              <div className="slds-text-body_small slds-text-color_weak">{f.sentence}</div>
              <div className="slds-m-top_xx-small">{f.proposedKpi ? isAdmin ? <AddKpiButton finding={f} /> : <span className="slds-text-body_small slds-text-color_weak">An admin can add it as a KPI.</span> : null}</div>
            </li>
          ))}
        </ul>
      )}
      <p className="slds-text-body_small slds-text-color_weak slds-m-top_x-small">Not separating: {ins.findings.filter((f) => !f.separates).map((f) => f.label).join(', ')}.</p>
      <h3 className="slds-text-heading_small slds-m-top_medium">Who learns what</h3>
      {plan.items.length === 0 ? (
        <p data-testid="no-plan">No seller is 20 % or more short of the top sellers on these behaviours.</p>
      ) : (
        <div className="bs-scroll" tabIndex={0} role="region" aria-label="Who learns what: sellers and focus items">
          <table className="slds-table slds-table_bordered slds-table_cell-buffer" data-testid="plan-matrix">
            <thead>
              <tr>
                <th scope="col">Seller</th>
                {plan.items.map((i) => (
                  <th key={i.itemId} scope="col" className="slds-cell-wrap">
                    {i.label} <span className="slds-text-color_weak">({i.mode === 'group' ? 'group session' : 'individual'})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {learners.map((s) => (
                <tr key={s.sellerId} data-seller={s.sellerId}>
                  <th scope="row">
                    {s.name}
                    {s.lowWill && <div className="slds-text-color_error slds-text-body_small">talk about motivation first</div>}
                  </th>
                  {plan.items.map((item) => {
                    const { gap, focus } = planCell(plan, s.sellerId, item.itemId);
                    return (
                      <td key={item.itemId} data-cell={`${s.sellerId}/${item.itemId}`}>
                        {gap ? (
                          <>
                            {focus && <span className={`slds-badge ${gap.mode === 'group' ? 'slds-theme_info' : ''}`}>{gap.mode === 'group' ? 'group' : 'individual'}</span>} {formatAttainment(gap.gap, ins.locale)} short
                          </>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" className="slds-button slds-button_brand slds-m-top_small" onClick={onSave} data-testid="save-plan">
        Save this plan
      </button>
      {saved && (
        <p role="status" className="slds-m-top_x-small" data-testid="plan-saved">
          {saved}
        </p>
      )}
      {flagged.length > 0 && (
        <>
          <h3 className="slds-text-heading_small slds-m-top_medium">Data quality</h3>
          <ul className="slds-list_dotted" data-testid="flags">
            {flagged.map((f) => (
              <li key={f.sellerId}>
                {name(f.sellerId)}: {describeFlags(f).join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function FocusLine({ f, formats }: { f: FocusEntry; formats: { locale: string; currency: string } }) {
  const unit = { unit: f.unit ?? 'count', perWorkingDay: f.perWorkingDay } as const;
  const last = [...f.months].reverse().find((m) => m.value !== null);
  return (
    <li data-focus={f.itemId}>
      <strong>{f.label}</strong>
      {f.mode ? ` (${f.mode === 'group' ? 'group session' : 'individual coaching'})` : ''}
      {f.baseline !== undefined ? `: from ${formatFindingValue(f.baseline, unit, formats)} toward the top sellers’ ${formatFindingValue(f.benchmark, unit, formats)}` : ''}
      {last ? ` — ${last.periodKey}: ${formatFindingValue(last.value, unit, formats)}${last.closed !== null ? `, ${formatAttainment(last.closed, formats.locale)} of the gap closed` : ''}` : ''}
    </li>
  );
}

/** A seller's one or two focus items from the newest saved plan, each followed up since its baseline. */
export function SellerFocus({ sellerId }: { sellerId: string }) {
  const res = useApi<SellerFocusResponse>(`/api/v1/sellers/${encodeURIComponent(sellerId)}/focus`);
  if (res.state !== 'success' || res.data.focus.length === 0) return null;
  const formats = { locale: res.data.locale, currency: res.data.currency };
  return (
    <section className="slds-box slds-m-bottom_medium" aria-label="Focus items" data-testid="focus-items">
      <h2 className="slds-text-heading_small">Focus from the training plan of {res.data.plan!.periodKey}</h2>
      <ul className="slds-list_dotted">
        {res.data.focus.map((f) => (
          <FocusLine key={f.itemId} f={f} formats={formats} />
        ))}
      </ul>
    </section>
  );
}
