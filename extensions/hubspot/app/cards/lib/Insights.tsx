import { useState } from 'react';
import { Alert, Button, Flex, Heading, LoadingButton, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { confidenceWord as confidence, describeFlags, formatAttainment, formatFindingValue as findingValue, hasFlags, planCell } from '@balanced-scorecard/shared/src/format';
import { DefinitionResponseSchema, SavedPlanSummarySchema, TeamInsightsResponseSchema, type FocusEntry, type TeamInsightsResponse } from '@balanced-scorecard/shared/src/model/api';
import type { Api, ApiError } from './api';
import { Failed, Loading } from './states';
import { useLoad } from './use-load';

type Finding = TeamInsightsResponse['findings'][number];

function AddKpi({ api, finding }: { api: Api; finding: Finding }) {
  const [state, setState] = useState<'idle' | 'saving' | 'added' | string>('idle');
  const kpi = finding.proposedKpi!;
  const add = async () => {
    setState('saving');
    try {
      const { definition } = await api.get('/api/v1/definition', DefinitionResponseSchema);
      if (definition.indicators.some((i) => i.id === kpi.id)) return setState('added');
      await api.send('PUT', '/api/v1/definition', { baseVersion: definition.version, definition: { ...definition, indicators: [...definition.indicators, kpi] } }, DefinitionResponseSchema);
      setState('added');
    } catch (error) {
      setState((error as ApiError).message);
    }
  };
  if (state === 'added') return <Tag variant="success">Added as a KPI</Tag>;
  return (
    <Flex direction="column" gap="xs">
      <LoadingButton size="sm" loading={state === 'saving'} onClick={() => void add()} testId={`add-kpi-${finding.candidateId}`}>
        Add as KPI
      </LoadingButton>
      {state !== 'idle' && state !== 'saving' && <Text variant="microcopy">{state}</Text>}
    </Flex>
  );
}

/**
 * What the team's top sellers do (DESIGN §6.1) and who learns what (§6.2): the behaviours that
 * separate them, with effect and confidence and the KPI each proposes; the sellers × items
 * matrix, group sessions and individual coaching marked; the data-quality flags.
 */
export function TeamInsights({ api, teamId, isAdmin }: { api: Api; teamId: string; isAdmin: boolean }) {
  const load = useLoad(() => api.get(`/api/v1/teams/${encodeURIComponent(teamId)}/insights`, TeamInsightsResponseSchema), `insights/${teamId}`);
  const [saved, setSaved] = useState<string | null>(null);
  if (load.state === 'loading') return <Loading label="Looking at what the top sellers do" testId="insights-loading" />;
  if (load.state === 'error') return <Failed error={load.error} onRetry={load.reload} testId="insights-error" />;
  const ins = load.data;
  const formats = { locale: ins.locale, currency: ins.currency };
  const name = (id: string) => ins.names[id] ?? id;
  if (ins.status !== 'ok') return <Text testId="insights-too-few">{ins.message ?? 'Too few sellers to tell.'}</Text>;
  const separating = ins.findings.filter((f) => f.separates);
  const plan = ins.plan!;
  const save = async () => {
    try {
      const summary = await api.send('POST', `/api/v1/teams/${encodeURIComponent(teamId)}/plans`, {}, SavedPlanSummarySchema);
      setSaved(`Saved the plan of ${summary.periodKey}: later months show whether each focus item moved.`);
    } catch (error) {
      setSaved((error as ApiError).message);
    }
  };
  const flagged = ins.flags.filter(hasFlags);
  return (
    <Flex direction="column" gap="sm">
      <Text variant="microcopy">
        {ins.window.periods[0]} to {ins.window.periods.at(-1)}: the top {ins.topGroup.length} of {ins.sellers} sellers by results ({ins.topGroup.map(name).join(', ')}) against the rest.
        {ins.checkInItemsLeftOut ? ' Check-in answers are private here: the will and foundation items are left out.' : ''}
      </Text>
      {separating.length === 0 ? (
        <Text testId="insights-none">No behaviour separates the top sellers from the rest clearly enough yet.</Text>
      ) : (
        <Table bordered testId="findings">
          <TableHead>
            <TableRow>
              <TableHeader>Behaviour</TableHeader>
              <TableHeader>Top sellers</TableHeader>
              <TableHeader>The others</TableHeader>
              <TableHeader>Effect (Cliff's δ)</TableHeader>
              <TableHeader>How sure (q)</TableHeader>
              <TableHeader>KPI</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {separating.map((f) => (
              <TableRow key={f.candidateId}>
                <TableCell>
                  <Text>{f.label}</Text>
                  <Text variant="microcopy">{f.sentence}</Text>
                </TableCell>
                <TableCell>{findingValue(f.topMedian, f, formats)}</TableCell>
                <TableCell>{findingValue(f.restMedian, f, formats)}</TableCell>
                <TableCell>{f.delta === null ? '—' : f.delta.toFixed(2)}</TableCell>
                <TableCell>
                  {confidence(f.q)} ({f.q === null ? '—' : f.q.toFixed(3)})
                </TableCell>
                <TableCell>{f.proposedKpi ? isAdmin ? <AddKpi api={api} finding={f} /> : <Text variant="microcopy">An admin can add it.</Text> : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Text variant="microcopy">Not separating: {ins.findings.filter((f) => !f.separates).map((f) => f.label).join(', ')}.</Text>
      <Heading>Who learns what</Heading>
      {plan.items.length === 0 ? (
        <Text testId="plan-empty">No gaps of 20 % or more against the top sellers.</Text>
      ) : (
        <Table bordered testId="plan-matrix">
          <TableHead>
            <TableRow>
              <TableHeader>Seller</TableHeader>
              {plan.items.map((i) => (
                <TableHeader key={i.itemId}>{`${i.label} (${i.mode === 'group' ? 'group' : 'individual'})`}</TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {plan.sellers
              .filter((s) => !ins.topGroup.includes(s.sellerId))
              .map((s) => (
                <TableRow key={s.sellerId}>
                  <TableCell>
                    <Text>{s.name}</Text>
                    {s.lowWill && <Tag variant="warning">Talk about motivation first</Tag>}
                  </TableCell>
                  {plan.items.map((item) => {
                    const { gap, focus } = planCell(plan, s.sellerId, item.itemId);
                    return (
                      <TableCell key={item.itemId}>
                        {gap ? (
                          <Flex direction="column" gap="flush">
                            {focus ? <Tag variant={gap.mode === 'group' ? 'info' : 'default'} testId={`focus-${s.sellerId}-${item.itemId}`}>{gap.mode === 'group' ? 'Group' : 'Individual'}</Tag> : null}
                            <Text variant="microcopy">{formatAttainment(gap.gap, ins.locale)} short</Text>
                          </Flex>
                        ) : (
                          ''
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
          </TableBody>
        </Table>
      )}
      <Flex direction="row" gap="sm">
        <Button onClick={() => void save()} testId="save-plan">
          Save this plan
        </Button>
      </Flex>
      {saved && <Text testId="plan-saved">{saved}</Text>}
      {flagged.length > 0 && (
        <Alert title="Data quality" variant="info" testId="flags">
          {flagged.map((f) => `${name(f.sellerId)}: ${describeFlags(f).join(', ')}`).join('; ')}
        </Alert>
      )}
    </Flex>
  );
}

/** A seller's one or two focus items, each with its baseline and how far the gap has closed since. */
export function FocusItems({ focus, formats }: { focus: readonly FocusEntry[]; formats: { locale: string; currency: string } }) {
  if (focus.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId="focus-items">
      <Heading>Focus from the training plan</Heading>
      {focus.map((f) => {
        const last = [...f.months].reverse().find((m) => m.value !== null);
        const f2 = { unit: f.unit ?? 'count', perWorkingDay: f.perWorkingDay };
        return (
          <Text key={f.itemId} testId={`focus-${f.itemId}`}>
            {f.label}
            {f.mode ? ` (${f.mode === 'group' ? 'group session' : 'individual coaching'})` : ''}
            {f.baseline !== undefined ? `: from ${findingValue(f.baseline, f2, formats)} toward ${findingValue(f.benchmark, f2, formats)}` : ''}
            {last ? `; ${last.periodKey}: ${findingValue(last.value, f2, formats)}${last.closed !== null ? `, ${formatAttainment(last.closed, formats.locale)} of the gap closed` : ''}` : ''}
          </Text>
        );
      })}
    </Flex>
  );
}
