import { useState } from 'react';
import { Accordion, Alert, Button, DescriptionList, DescriptionListItem, Divider, Flex, Heading, LoadingButton, MultiSelect, NumberInput, Select, Text, ToggleGroup } from '@hubspot/ui-extensions';
import { LEVEL_LABEL } from '@balanced-scorecard/shared/src/format';
import { LEVELS, type IndicatorDefinition, type ScorecardDefinition } from '@balanced-scorecard/shared/src/model/definition';
import {
  AnswerPropertiesResponseSchema,
  CustomerPropertiesResponseSchema,
  DefinitionResponseSchema,
  MeResponseSchema,
  PrivacyUpdateSchema,
  SyncStatusResponseSchema,
  SyncTriggerResponseSchema,
  TeamManagersResponseSchema,
  type DefinitionResponse,
  type TeamManagersResponse,
} from '@balanced-scorecard/shared/src/model/api';
import { ApiError, createApi, hubspotFetcher, type Api, type Fetcher } from './api';
import { Failed, Loading, NotAllowed } from './states';
import type { PageContext } from './TeamHome';
import { useLoad } from './use-load';

/** Field errors by the path the service names ("definition.indicators[3].target.value"), without its "body.". */
type Issues = Readonly<Record<string, string>>;
const issuesOf = (error: unknown): Issues => (error instanceof ApiError ? Object.fromEntries(error.issues.map((i) => [i.path.replace(/^body\./, ''), i.message])) : {});
const fieldError = (issues: Issues, path: string) => (issues[path] === undefined ? {} : { error: true, validationMessage: issues[path] });

type Choice = { id: string; name: string };

function NumberField({ label, path, value, issues, onChange, description }: { label: string; path: string; value: number; issues: Issues; onChange: (v: number) => void; description?: string }) {
  return (
    <NumberInput
      label={label}
      name={path}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN)}
      {...(description ? { description } : {})}
      {...fieldError(issues, path)}
      testId={`field-${path}`}
    />
  );
}

/** One indicator's target (with per-team and per-seller overrides), weight and thresholds. */
function IndicatorEditor({ indicator, index, teams, sellers, issues, onChange }: { indicator: IndicatorDefinition; index: number; teams: Choice[]; sellers: Choice[]; issues: Issues; onChange: (next: IndicatorDefinition) => void }) {
  const base = `definition.indicators[${index}]`;
  const target = (patch: Partial<IndicatorDefinition['target']>) => onChange({ ...indicator, target: { ...indicator.target, ...patch } });
  const overrides = (kind: 'teams' | 'sellers', choices: Choice[]) => {
    const current = indicator.target[kind];
    const free = choices.filter((c) => !Object.hasOwn(current, c.id));
    const nameOf = (id: string) => choices.find((c) => c.id === id)?.name ?? id;
    return (
      <Flex direction="column" gap="xs">
        {Object.entries(current).map(([id, value]) => (
          <Flex key={id} direction="row" gap="xs" align="end">
            <NumberField label={`Target for ${nameOf(id)}`} path={`${base}.target.${kind}.${id}`} value={value} issues={issues} onChange={(v) => target({ [kind]: { ...current, [id]: v } })} />
            <Button size="sm" onClick={() => target({ [kind]: Object.fromEntries(Object.entries(current).filter(([k]) => k !== id)) })} testId={`remove-${kind}-${indicator.id}-${id}`}>
              Remove
            </Button>
          </Flex>
        ))}
        {free.length > 0 && (
          <Select
            label={`Add a ${kind === 'teams' ? 'team' : 'seller'} target`}
            name={`add-${kind}-${indicator.id}`}
            options={free.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(id) => target({ [kind]: { ...current, [String(id)]: indicator.target.value } })}
            testId={`add-${kind}-${indicator.id}`}
          />
        )}
      </Flex>
    );
  };
  return (
    <Accordion title={`${indicator.label} (${LEVEL_LABEL[indicator.level]})`} size="sm" testId={`indicator-${indicator.id}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="sm" wrap="wrap">
          <NumberField label={`Target per ${indicator.target.per}${indicator.direction === 'down' ? ' (at most)' : ''}`} path={`${base}.target.value`} value={indicator.target.value} issues={issues} onChange={(v) => target({ value: v })} />
          <NumberField label="Weight in its level" path={`${base}.weight`} value={indicator.weight} issues={issues} onChange={(v) => onChange({ ...indicator, weight: v })} />
          <NumberField label="Green from (share of target)" path={`${base}.thresholds.green`} value={indicator.thresholds.green} issues={issues} onChange={(v) => onChange({ ...indicator, thresholds: { ...indicator.thresholds, green: v } })} />
          <NumberField label="Amber from (share of target)" path={`${base}.thresholds.amber`} value={indicator.thresholds.amber} issues={issues} onChange={(v) => onChange({ ...indicator, thresholds: { ...indicator.thresholds, amber: v } })} />
        </Flex>
        {issues[`${base}.thresholds`] !== undefined && <Text variant="microcopy">{issues[`${base}.thresholds`]}</Text>}
        {overrides('teams', teams)}
        {overrides('sellers', sellers)}
      </Flex>
    </Accordion>
  );
}

function DefinitionEditor({ api, loaded, teams, sellers }: { api: Api; loaded: ScorecardDefinition; teams: Choice[]; sellers: Choice[] }) {
  const [base, setBase] = useState(loaded);
  const [draft, setDraft] = useState(loaded);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'saved'; warnings: DefinitionResponse['warnings'] } | { kind: 'error'; error: ApiError; issues: Issues }>({ kind: 'idle' });
  const issues = state.kind === 'error' ? state.issues : {};
  const save = async () => {
    setState({ kind: 'saving' });
    try {
      const res = await api.send('PUT', '/api/v1/definition', { baseVersion: base.version, definition: draft }, DefinitionResponseSchema);
      setBase(res.definition);
      setDraft(res.definition);
      setState({ kind: 'saved', warnings: res.warnings });
    } catch (error) {
      setState({ kind: 'error', error: error as ApiError, issues: issuesOf(error) });
    }
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>Targets and weights</Heading>
      <Text variant="microcopy">The balance index multiplies the levels, weighted: a level weighted higher pulls the index harder.</Text>
      <Flex direction="row" gap="sm" wrap="wrap">
        {LEVELS.map((level) => (
          <NumberField key={level} label={`${LEVEL_LABEL[level]} weight`} path={`definition.levelWeights.${level}`} value={draft.levelWeights[level]} issues={issues} onChange={(v) => setDraft({ ...draft, levelWeights: { ...draft.levelWeights, [level]: v } })} />
        ))}
      </Flex>
      {draft.indicators.map((indicator, i) => (
        <IndicatorEditor key={indicator.id} indicator={indicator} index={i} teams={teams} sellers={sellers} issues={issues} onChange={(next) => setDraft({ ...draft, indicators: draft.indicators.map((x, k) => (k === i ? next : x)) })} />
      ))}
      <LoadingButton variant="primary" loading={state.kind === 'saving'} onClick={() => void save()} testId="save-definition">
        Save targets and weights
      </LoadingButton>
      {state.kind === 'saved' && (
        <Alert title={`Saved as version ${base.version}`} variant={state.warnings.length > 0 ? 'warning' : 'success'} testId="definition-saved">
          {state.warnings.length === 0 ? 'Scorecards show the new targets now.' : 'Saved. Mind the sellers whose will is low: more activity asked of them yields less.'}
        </Alert>
      )}
      {state.kind === 'saved' &&
        state.warnings.map((w, i) => (
          <Alert key={`${w.sellerId}-${w.indicatorId}`} title={`Will is low: ${w.sellerName}`} variant="warning" testId={`will-warning-${i}`}>
            {w.message}
          </Alert>
        ))}
      {state.kind === 'error' && (
        <Alert title="Not saved" variant="danger" testId="definition-error">
          {state.error.code === 'conflict' ? 'Someone saved the settings meanwhile: reload to see their version.' : state.error.message}
          {Object.keys(state.issues).length > 0 ? ' The fields marked need a change.' : ''}
        </Alert>
      )}
    </Flex>
  );
}

function CustomerProperties({ api }: { api: Api }) {
  const load = useLoad(() => api.get('/api/v1/hubspot/customer-properties', CustomerPropertiesResponseSchema), 'customer-properties');
  const [picked, setPicked] = useState<{ potential?: string; satisfaction?: string }>({});
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; error: ApiError; issues: Issues }>({ kind: 'idle' });
  if (load.state === 'loading') return <Loading label="Loading the portal's properties" testId="properties-loading" />;
  if (load.state === 'error') {
    if (load.error.status === 404) return <Text testId="properties-unavailable">{load.error.message}</Text>;
    return <Failed error={load.error} onRetry={load.reload} testId="properties-error" />;
  }
  const current = { potential: picked.potential ?? load.data.potential, satisfaction: picked.satisfaction ?? load.data.satisfaction };
  const issues = state.kind === 'error' ? state.issues : {};
  const options = load.data.candidates.map((c) => ({ value: c.name, label: `${c.label} (${c.name}; ${c.objectTypes.join(', ')})` }));
  const save = async () => {
    setState({ kind: 'saving' });
    try {
      await api.send('PUT', '/api/v1/hubspot/customer-properties', current, CustomerPropertiesResponseSchema);
      setState({ kind: 'saved' });
    } catch (error) {
      setState({ kind: 'error', error: error as ApiError, issues: issuesOf(error) });
    }
  };
  return (
    <Flex direction="column" gap="xs">
      {(['potential', 'satisfaction'] as const).map((field) => (
        <Select
          key={field}
          label={field === 'potential' ? "A customer's yearly potential" : "A customer's satisfaction"}
          name={field}
          value={current[field]}
          options={options.some((o) => o.value === current[field]) ? options : [{ value: current[field], label: `${current[field]} (not in this portal)` }, ...options]}
          onChange={(v) => setPicked((p) => ({ ...p, [field]: String(v) }))}
          {...fieldError(issues, field)}
          testId={`property-${field}`}
        />
      ))}
      <LoadingButton loading={state.kind === 'saving'} onClick={() => void save()} testId="save-properties">
        Save the properties
      </LoadingButton>
      {state.kind === 'saved' && <Text testId="properties-saved">Saved: the next sync reads every customer again with them.</Text>}
      {state.kind === 'error' && Object.keys(state.issues).length === 0 && <Alert title="Not saved" variant="danger">{state.error.message}</Alert>}
    </Flex>
  );
}

const PROPERTY_STATE = {
  pending: 'Not created yet',
  created: 'Created: each check-in is mirrored to the seller’s HubSpot user',
  refused: 'Refused by HubSpot: answers stay in the service only',
} as const;

function SyncAndProperties({ api }: { api: Api }) {
  const load = useLoad(() => api.get('/api/v1/sync/status', SyncStatusResponseSchema), 'sync-status');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<'sync' | 'properties' | null>(null);
  if (load.state === 'loading') return <Loading label="Loading the sync status" testId="sync-loading" />;
  if (load.state === 'error') return <Failed error={load.error} onRetry={load.reload} testId="sync-error" />;
  const { installation, counts, running, runs } = load.data;
  const lastRun = runs[0];
  const syncNow = async () => {
    setBusy('sync');
    try {
      await api.send('POST', '/api/v1/sync', {}, SyncTriggerResponseSchema);
      setNote('A sync has started.');
    } catch (error) {
      setNote((error as ApiError).code === 'sync_in_progress' ? 'A sync is running already.' : (error as ApiError).message);
    } finally {
      setBusy(null);
      load.reload();
    }
  };
  const createProperties = async () => {
    setBusy('properties');
    try {
      const res = await api.send('POST', '/api/v1/hubspot/answer-properties', {}, AnswerPropertiesResponseSchema);
      setNote(res.state === 'created' ? 'The will and foundation properties are there.' : `HubSpot refused them: ${res.reason ?? 'no reason given'}.`);
    } catch (error) {
      setNote((error as ApiError).message);
    } finally {
      setBusy(null);
      load.reload();
    }
  };
  return (
    <Flex direction="column" gap="xs">
      <DescriptionList direction="row">
        <DescriptionListItem label="Last successful sync">
          <Text testId="last-success">{installation?.lastSuccessAt ? new Date(installation.lastSuccessAt).toLocaleString() : (lastRun?.status === 'succeeded' ? new Date(lastRun.finishedAt ?? lastRun.startedAt).toLocaleString() : 'None yet')}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Next sync">
          <Text>{running ? 'Running now' : installation?.nextRunAt ? new Date(installation.nextRunAt).toLocaleString() : 'Not scheduled'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Records">
          <Text testId="record-counts">{`${counts.sellers} sellers, ${counts.customers} customers, ${counts.deals} deals, ${counts.activities} activities`}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Last error">
          <Text>{installation?.lastError ?? (lastRun?.status === 'failed' ? lastRun.error ?? 'failed' : 'None')}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Flex direction="row" gap="sm">
        <LoadingButton loading={busy === 'sync'} onClick={() => void syncNow()} testId="sync-now">
          Sync now
        </LoadingButton>
      </Flex>
      <Heading>Will and foundation properties in HubSpot</Heading>
      {installation ? (
        <Flex direction="column" gap="xs">
          <Text testId="answer-properties">{PROPERTY_STATE[installation.answerProperties]}{installation.answerPropertiesReason ? ` (${installation.answerPropertiesReason})` : ''}</Text>
          {installation.answerProperties !== 'created' && (
            <LoadingButton loading={busy === 'properties'} onClick={() => void createProperties()} testId="create-properties">
              Create them
            </LoadingButton>
          )}
        </Flex>
      ) : (
        <Text testId="answer-properties">This account is not connected to HubSpot: answers stay in the service.</Text>
      )}
      {note && <Text testId="settings-note">{note}</Text>}
    </Flex>
  );
}

function TeamManagers({ api, loaded }: { api: Api; loaded: TeamManagersResponse }) {
  const [data, setData] = useState(loaded);
  const [drafts, setDrafts] = useState<Record<string, string[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const nameOf = (userId: string) => data.users.find((u) => u.userId === userId)?.name ?? userId;
  const options = data.users.map((u) => ({ value: u.userId, label: u.email ? `${u.name} (${u.email})` : u.name }));
  const save = async (teamId: string) => {
    try {
      const next = await api.send('PUT', `/api/v1/settings/team-managers/${encodeURIComponent(teamId)}`, { userIds: drafts[teamId] ?? [] }, TeamManagersResponseSchema);
      setData(next);
      setErrors(({ [teamId]: _, ...rest }) => rest);
    } catch (error) {
      setErrors((e) => ({ ...e, [teamId]: Object.values(issuesOf(error))[0] ?? (error as ApiError).message }));
    }
  };
  if (data.teams.length === 0) return <Text>No teams yet: teams come from HubSpot with the first sync.</Text>;
  return (
    <Flex direction="column" gap="sm">
      {data.teams.map((team) => {
        const value = drafts[team.teamId] ?? team.managerUserIds;
        return (
          <Flex key={team.teamId} direction="column" gap="xs">
            <MultiSelect
              label={`${team.name} (${team.sellers} sellers)`}
              name={`managers-${team.teamId}`}
              value={value}
              options={options}
              description={team.crmManagerUserIds.length > 0 ? `Managers from HubSpot: ${team.crmManagerUserIds.map(nameOf).join(', ')}` : 'No managers from HubSpot'}
              onChange={(v) => setDrafts((d) => ({ ...d, [team.teamId]: v.map(String) }))}
              {...(errors[team.teamId] ? { error: true, validationMessage: errors[team.teamId] } : {})}
              testId={`managers-${team.teamId}`}
            />
            <Button size="sm" onClick={() => void save(team.teamId)} testId={`save-managers-${team.teamId}`}>
              Save the managers of {team.name}
            </Button>
          </Flex>
        );
      })}
    </Flex>
  );
}

function Privacy({ api, current }: { api: Api; current: 'manager' | 'aggregate' }) {
  const [value, setValue] = useState(current);
  const [state, setState] = useState<string | null>(null);
  const save = async (next: 'manager' | 'aggregate') => {
    const before = value;
    setValue(next);
    try {
      await api.send('PUT', '/api/v1/settings/privacy', { willVisibility: next }, PrivacyUpdateSchema);
      setState('Saved.');
    } catch (error) {
      setValue(before);
      setState((error as ApiError).message);
    }
  };
  return (
    <Flex direction="column" gap="xs">
      <ToggleGroup
        name="willVisibility"
        label="Who sees a seller's own check-in answers besides the seller"
        toggleType="radioButtonList"
        value={value}
        options={[
          { value: 'manager', label: 'Their managers (each read is recorded)' },
          { value: 'aggregate', label: 'Nobody: managers see team averages of at least five sellers' },
        ]}
        onChange={(v: string) => void save(v === 'aggregate' ? 'aggregate' : 'manager')}
        testId="privacy"
      />
      {state && <Text testId="privacy-state">{state}</Text>}
    </Flex>
  );
}

/**
 * The app's settings (admins, DESIGN §8): targets with team and seller overrides, weights and
 * thresholds; the properties read from the portal; the will and foundation properties; each
 * team's managers; will privacy; sync status with "sync now".
 */
export function AdminSettings({ context, fetcher = hubspotFetcher }: { context: PageContext; fetcher?: Fetcher }) {
  const api = createApi(fetcher, { portalId: context.portal.id, userId: context.user.id });
  const load = useLoad(
    async () => {
      const me = await api.get('/api/v1/me', MeResponseSchema);
      if (!me.roles.includes('admin')) return { me, definition: null, managers: null };
      const [definition, managers] = await Promise.all([api.get('/api/v1/definition', DefinitionResponseSchema), api.get('/api/v1/settings/team-managers', TeamManagersResponseSchema)]);
      return { me, definition: definition.definition, managers };
    },
    `${context.portal.id}/${context.user.id}`,
  );
  if (load.state === 'loading') return <Loading label="Loading the settings" />;
  if (load.state === 'error') return load.error.status === 403 ? <NotAllowed message={load.error.message} /> : <Failed error={load.error} onRetry={load.reload} />;
  const { me, definition, managers } = load.data;
  if (!definition || !managers) return <NotAllowed message="Only an admin of this account changes the settings: a HubSpot super admin, or whoever installed the app." />;
  const teams = managers.teams.map((t) => ({ id: t.teamId, name: t.name }));
  const sellers = managers.users.filter((u) => u.sellerId !== null).map((u) => ({ id: u.sellerId!, name: u.name }));
  return (
    <Flex direction="column" gap="md">
      <DefinitionEditor api={api} loaded={definition} teams={teams} sellers={sellers} />
      <Divider />
      <Heading>Customer properties</Heading>
      <CustomerProperties api={api} />
      <Divider />
      <Heading>Managers per team</Heading>
      <Text variant="microcopy">Name a user who owns no records (a sales lead) as a team’s manager; HubSpot’s own managers stay.</Text>
      <TeamManagers api={api} loaded={managers} />
      <Divider />
      <Heading>Privacy of check-in answers</Heading>
      <Privacy api={api} current={me.willVisibility} />
      <Divider />
      <Heading>Sync</Heading>
      <SyncAndProperties api={api} />
    </Flex>
  );
}
