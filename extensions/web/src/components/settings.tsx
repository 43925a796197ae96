import { useEffect, useState } from 'react';
import {
  LEVELS,
  type DefinitionResponse,
  type IndicatorDefinition,
  type PeriodKind,
  type ScorecardDefinition,
  type SyncStatusResponse,
  type TeamListResponse,
  type TeamScorecardsResponse,
} from '@balanced-scorecard/shared';
import { ApiError } from '../api/client';
import { useApi, useApiClient } from '../api/use-api';
import { LEVEL_LABEL } from './format';
import { ErrorState, Loading, errorMessage } from './states';

type Issues = Record<string, string>;

/** Field errors by the path the service names ("definition.indicators[3].target.value"), without the "body." it starts with. */
function issuesOf(error: unknown): Issues {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.issues.map((i) => [i.path.replace(/^body\./, ''), i.message]));
}

function FieldError({ issues, path }: { issues: Issues; path: string }) {
  const message = issues[path];
  if (!message) return null;
  return (
    <div className="slds-form-element__help" role="alert" data-testid="field-error" data-path={path}>
      {message}
    </div>
  );
}

/** A number input that keeps what is typed (an empty or half-typed number is the service's to refuse, with a field error). */
function NumberField({ id, label, value, onChange, issues, path, step = 'any' }: { id: string; label: string; value: number; onChange: (v: number) => void; issues: Issues; path: string; step?: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const invalid = issues[path] !== undefined;
  return (
    <div className={`slds-form-element${invalid ? ' slds-has-error' : ''}`}>
      <label className="slds-form-element__label" htmlFor={id}>
        {label}
      </label>
      <div className="slds-form-element__control">
        <input
          id={id}
          className="slds-input"
          type="number"
          step={step}
          value={text}
          aria-invalid={invalid}
          onChange={(e) => {
            setText(e.target.value);
            onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
          }}
        />
      </div>
      <FieldError issues={issues} path={path} />
    </div>
  );
}

/** Overrides of one indicator's target for some teams or sellers: a row each, added and removed. */
function Overrides({
  kind,
  indicator,
  index,
  choices,
  issues,
  onChange,
}: {
  kind: 'teams' | 'sellers';
  indicator: IndicatorDefinition;
  index: number;
  choices: { id: string; name: string }[];
  issues: Issues;
  onChange: (next: Record<string, number>) => void;
}) {
  const current = indicator.target[kind];
  const entries = Object.entries(current);
  const free = choices.filter((c) => !Object.hasOwn(current, c.id));
  const nameOf = (id: string) => choices.find((c) => c.id === id)?.name ?? id;
  const word = kind === 'teams' ? 'team' : 'seller';
  return (
    <div className="slds-m-top_x-small" data-testid={`${kind}-overrides`}>
      {entries.map(([id, value]) => (
        <div key={id} className="slds-grid slds-wrap slds-gutters_x-small slds-grid_vertical-align-end">
          <div className="slds-col">
            <NumberField
              id={`t-${indicator.id}-${kind}-${id}`}
              label={`Target for ${nameOf(id)}`}
              value={value}
              issues={issues}
              path={`definition.indicators[${index}].target.${kind}.${id}`}
              onChange={(v) => onChange({ ...current, [id]: v })}
            />
          </div>
          <div className="slds-col slds-grow-none">
            <button type="button" className="slds-button slds-button_neutral" onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== id)))}>
              Remove
            </button>
          </div>
        </div>
      ))}
      {free.length > 0 && (
        <div className="slds-form-element">
          <label className="slds-form-element__label" htmlFor={`add-${indicator.id}-${kind}`}>
            Add a {word} override
          </label>
          <select
            id={`add-${indicator.id}-${kind}`}
            className="slds-select"
            value=""
            onChange={(e) => e.target.value && onChange({ ...current, [e.target.value]: indicator.target.value })}
          >
            <option value="">choose a {word}…</option>
            {free.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

function IndicatorSettings({ indicator, index, teams, sellers, issues, onChange }: { indicator: IndicatorDefinition; index: number; teams: { id: string; name: string }[]; sellers: { id: string; name: string }[]; issues: Issues; onChange: (next: IndicatorDefinition) => void }) {
  const base = `definition.indicators[${index}]`;
  const target = (patch: Partial<IndicatorDefinition['target']>) => onChange({ ...indicator, target: { ...indicator.target, ...patch } });
  return (
    <fieldset className="slds-box slds-m-bottom_small" data-testid="indicator-settings" data-indicator={indicator.id}>
      <legend className="slds-text-heading_small">{indicator.label}</legend>
      <p className="slds-text-body_small slds-text-color_weak slds-m-bottom_x-small">{indicator.description}</p>
      <div className="slds-grid slds-wrap slds-gutters_x-small">
        <div className="slds-col slds-size_1-of-2 slds-medium-size_1-of-5">
          <NumberField id={`t-${indicator.id}`} label={`Target${indicator.direction === 'down' ? ' (at most)' : ''}`} value={indicator.target.value} issues={issues} path={`${base}.target.value`} onChange={(v) => target({ value: v })} />
        </div>
        <div className="slds-col slds-size_1-of-2 slds-medium-size_1-of-5 slds-form-element">
          <label className="slds-form-element__label" htmlFor={`per-${indicator.id}`}>
            Target per
          </label>
          <select id={`per-${indicator.id}`} className="slds-select" value={indicator.target.per} onChange={(e) => target({ per: e.target.value as PeriodKind })}>
            <option value="week">week</option>
            <option value="month">month</option>
            <option value="quarter">quarter</option>
          </select>
        </div>
        <div className="slds-col slds-size_1-of-2 slds-medium-size_1-of-5">
          <NumberField id={`w-${indicator.id}`} label="Weight in its level" value={indicator.weight} issues={issues} path={`${base}.weight`} onChange={(v) => onChange({ ...indicator, weight: v })} />
        </div>
        <div className="slds-col slds-size_1-of-2 slds-medium-size_1-of-5">
          <NumberField id={`g-${indicator.id}`} label="Green from (share of target)" value={indicator.thresholds.green} issues={issues} path={`${base}.thresholds.green`} onChange={(v) => onChange({ ...indicator, thresholds: { ...indicator.thresholds, green: v } })} />
        </div>
        <div className="slds-col slds-size_1-of-2 slds-medium-size_1-of-5">
          <NumberField id={`a-${indicator.id}`} label="Amber from (share of target)" value={indicator.thresholds.amber} issues={issues} path={`${base}.thresholds.amber`} onChange={(v) => onChange({ ...indicator, thresholds: { ...indicator.thresholds, amber: v } })} />
        </div>
      </div>
      <FieldError issues={issues} path={`${base}.thresholds`} />
      <Overrides kind="teams" indicator={indicator} index={index} choices={teams} issues={issues} onChange={(teamsTargets) => target({ teams: teamsTargets })} />
      <Overrides kind="sellers" indicator={indicator} index={index} choices={sellers} issues={issues} onChange={(sellerTargets) => target({ sellers: sellerTargets })} />
    </fieldset>
  );
}

/** The sellers of every team, for seller overrides (an admin reads every team). */
function useSellers(teams: TeamListResponse | null): { id: string; name: string }[] {
  const client = useApiClient();
  const [sellers, setSellers] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (!teams) return;
    let live = true;
    Promise.all(teams.teams.map((t) => client.get<TeamScorecardsResponse>(`/api/v1/teams/${encodeURIComponent(t.teamId)}/scorecards`)))
      .then((all) => {
        const byId = new Map(all.flatMap((t) => t.sellers.map((s) => [s.sellerId, s.name] as const)));
        if (live) setSellers([...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, teams]);
  return sellers;
}

function DefinitionEditor({ loaded, onSaved }: { loaded: ScorecardDefinition; onSaved: () => void }) {
  const client = useApiClient();
  const teamList = useApi<TeamListResponse>('/api/v1/teams');
  const teams = teamList.state === 'success' ? teamList.data.teams.map((t) => ({ id: t.teamId, name: t.name })) : [];
  const sellers = useSellers(teamList.state === 'success' ? teamList.data : null);
  const [draft, setDraft] = useState(loaded);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'saved'; warnings: DefinitionResponse['warnings'] } | { kind: 'error'; error: Error; issues: Issues }>({ kind: 'idle' });
  const issues = state.kind === 'error' ? state.issues : {};
  const setIndicator = (i: number, next: IndicatorDefinition) => setDraft({ ...draft, indicators: draft.indicators.map((x, k) => (k === i ? next : x)) });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setState({ kind: 'saving' });
    try {
      const res = await client.send<DefinitionResponse>('PUT', '/api/v1/definition', { baseVersion: loaded.version, definition: draft });
      setState({ kind: 'saved', warnings: res.warnings });
      setDraft(res.definition);
      onSaved();
    } catch (error) {
      setState({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)), issues: issuesOf(error) });
    }
  }

  return (
    <form onSubmit={save} noValidate aria-label="Targets and weights" data-testid="definition-form">
      <h2 className="slds-text-heading_medium slds-m-vertical_small">Level weights</h2>
      <div className="slds-grid slds-wrap slds-gutters_x-small slds-m-bottom_medium">
        {LEVELS.map((level) => (
          <div key={level} className="slds-col slds-size_1-of-2 slds-medium-size_1-of-4">
            <NumberField id={`lw-${level}`} label={LEVEL_LABEL[level]} value={draft.levelWeights[level]} issues={issues} path={`definition.levelWeights.${level}`} onChange={(v) => setDraft({ ...draft, levelWeights: { ...draft.levelWeights, [level]: v } })} />
          </div>
        ))}
      </div>
      {LEVELS.map((level) => (
        <section key={level} aria-label={`${LEVEL_LABEL[level]} indicators`}>
          <h2 className="slds-text-heading_medium slds-m-vertical_small">{LEVEL_LABEL[level]}: targets, weights, thresholds</h2>
          {draft.indicators.map((indicator, i) =>
            indicator.level === level ? <IndicatorSettings key={indicator.id} indicator={indicator} index={i} teams={teams} sellers={sellers} issues={issues} onChange={(next) => setIndicator(i, next)} /> : null,
          )}
        </section>
      ))}
      <div className="slds-m-vertical_medium">
        <button type="submit" className="slds-button slds-button_brand" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? 'Saving…' : 'Save targets and weights'}
        </button>
      </div>
      {state.kind === 'saved' && (
        <div role="status" data-testid="definition-saved">
          <p className="slds-text-color_success">Saved as version {draft.version}. Scorecards show the new targets now.</p>
          {state.warnings.map((w) => (
            <p key={`${w.sellerId}-${w.indicatorId}`} className="slds-text-color_error" data-testid="will-warning">
              {w.message}
            </p>
          ))}
        </div>
      )}
      {state.kind === 'error' && (
        <div className="slds-text-color_error" role="alert" data-testid="definition-error">
          {errorMessage(state.error)}
          {Object.keys(state.issues).length > 0 && ' The fields marked below need a change.'}
        </div>
      )}
    </form>
  );
}

function PrivacySetting({ current }: { current: 'manager' | 'aggregate' }) {
  const client = useApiClient();
  const [value, setValue] = useState(current);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | Error>('idle');
  async function save(next: 'manager' | 'aggregate') {
    setValue(next);
    setState('saving');
    try {
      await client.send('PUT', '/api/v1/settings/privacy', { willVisibility: next });
      setState('saved');
    } catch (error) {
      setState(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return (
    <fieldset className="slds-form-element slds-m-bottom_medium" data-testid="privacy">
      <legend className="slds-form-element__legend slds-text-heading_medium">Who sees check-in answers</legend>
      <label className="slds-m-right_medium">
        <input type="radio" name="will-visibility" checked={value === 'manager'} onChange={() => save('manager')} /> The seller and their managers (each read is recorded)
      </label>
      <label>
        <input type="radio" name="will-visibility" checked={value === 'aggregate'} onChange={() => save('aggregate')} /> Only the seller; others see team medians from five sellers
      </label>
      {state === 'saved' && <p role="status">Saved.</p>}
      {state instanceof Error && <p role="alert">{errorMessage(state)}</p>}
    </fieldset>
  );
}

function SyncSettings() {
  const client = useApiClient();
  const status = useApi<SyncStatusResponse>('/api/v1/sync/status');
  const [message, setMessage] = useState<string | null>(null);
  async function syncNow() {
    setMessage('Starting…');
    try {
      await client.send('POST', '/api/v1/sync', {});
      setMessage('A sync has started.');
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 409 ? 'A sync is already running.' : errorMessage(error instanceof Error ? error : new Error(String(error))));
    }
    status.reload();
  }
  return (
    <section className="slds-m-bottom_medium" aria-label="Sync" data-testid="sync-settings">
      <h2 className="slds-text-heading_medium slds-m-vertical_small">Sync</h2>
      {status.state === 'loading' && <Loading label="Loading the sync status" />}
      {status.state === 'error' && <ErrorState error={status.error} onRetry={status.reload} />}
      {status.state === 'success' && (
        <>
          <p data-testid="sync-state">
            {status.data.running ? 'A sync is running.' : 'No sync is running.'} Records: {Object.entries(status.data.counts).map(([k, n]) => `${n.toLocaleString()} ${k}`).join(', ')}.
          </p>
          {status.data.runs[0] && (
            <p className="slds-text-body_small">
              Last run: {status.data.runs[0].status}, {status.data.runs[0].records.toLocaleString()} records, started {new Date(status.data.runs[0].startedAt).toLocaleString()}
              {status.data.runs[0].error ? ` — ${status.data.runs[0].error}` : ''}
            </p>
          )}
        </>
      )}
      <button type="button" className="slds-button slds-button_neutral slds-m-top_x-small" onClick={syncNow} disabled={status.state === 'success' && status.data.running}>
        Sync now
      </button>
      {message && (
        <span className="slds-m-left_small" role="status">
          {message}
        </span>
      )}
    </section>
  );
}

/** Admins: targets with team and seller overrides, weights, thresholds, answer privacy, and the sync. */
export function Settings({ willVisibility }: { willVisibility: 'manager' | 'aggregate' }) {
  const definition = useApi<DefinitionResponse>('/api/v1/definition');
  if (definition.state === 'loading') return <Loading label="Loading the settings" />;
  if (definition.state === 'error') return <ErrorState error={definition.error} onRetry={definition.reload} />;
  return (
    <article aria-label="Settings" data-testid="settings">
      <h1 className="slds-text-heading_large slds-m-bottom_small">Settings</h1>
      <PrivacySetting current={willVisibility} />
      <SyncSettings />
      <DefinitionEditor key={definition.data.definition.version} loaded={definition.data.definition} onSaved={() => undefined} />
    </article>
  );
}
