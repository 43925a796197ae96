import { Alert, Box, Flex, Heading, LineChart, Statistics, StatisticsItem, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { formatAttainment, formatScoreOf100, formatValue, LEVEL_LABEL, STATUS_WORD } from '@balanced-scorecard/shared/src/format';
import { LEVELS, type Level } from '@balanced-scorecard/shared/src/model/definition';
import type { SellerScorecardResponse } from '@balanced-scorecard/shared/src/model/api';
import type { IndicatorResult, SellerScorecard, Status } from '@balanced-scorecard/shared/src/model/scorecard';

export const STATUS_TAG: Record<Status, 'success' | 'warning' | 'error' | 'default'> = { green: 'success', amber: 'warning', red: 'error', grey: 'default' };

export function StatusTag({ status, testId }: { status: Status; testId?: string }) {
  return (
    <Tag variant={STATUS_TAG[status]} {...(testId ? { testId } : {})}>
      {STATUS_WORD[status]}
    </Tag>
  );
}

/** What the balance index says, in words: it is multiplicative, so one weak level pulls it down. */
export function balanceMeaning(card: Pick<SellerScorecard, 'balanceIndex' | 'weightedAverage' | 'withheldLevels'>, locale: string): string {
  if (card.balanceIndex === null) return 'Not enough data yet: every level needs data for the balance index.';
  const without = card.withheldLevels.length > 0 ? ` It is computed without ${card.withheldLevels.map((l) => LEVEL_LABEL[l]).join(' and ')}, whose check-in answers are private to the seller.` : '';
  const gap = card.weightedAverage !== null ? card.weightedAverage - card.balanceIndex : 0;
  const balance =
    gap >= 10
      ? `Unbalanced: the average of the levels is ${formatScoreOf100(card.weightedAverage, locale)}, but one level holds the others back. Half times half is not a whole.`
      : 'The levels are in balance: no level holds the others back.';
  return `The levels multiplied, weighted (0–100). ${balance}${without}`;
}

function trendRows(indicators: readonly IndicatorResult[]): { period: string; indicator: string; attainment: number }[] {
  return indicators.flatMap((ind) => ind.trend.filter((p) => p.attainment !== null).map((p) => ({ period: p.periodKey, indicator: ind.label, attainment: Math.round(p.attainment! * 100) })));
}

function LevelTrend({ level, indicators }: { level: Level; indicators: readonly IndicatorResult[] }) {
  const data = trendRows(indicators);
  if (data.length === 0) return <Text variant="microcopy">{LEVEL_LABEL[level]}: no trend yet.</Text>;
  return (
    <LineChart
      testId={`trend-${level}`}
      data={data}
      axes={{ x: { field: 'period', fieldType: 'category', label: 'Period' }, y: { field: 'attainment', fieldType: 'linear', label: '% of target' }, options: { groupFieldByColor: 'indicator' } }}
      options={{ title: `${LEVEL_LABEL[level]}: % of target per period`, showLegend: true, showTooltips: true }}
    />
  );
}

function IndicatorTable({ indicators, formats, running }: { indicators: readonly IndicatorResult[]; formats: { locale: string; currency: string }; running: boolean }) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Indicator</TableHeader>
          <TableHeader align="right">Actual</TableHeader>
          <TableHeader align="right">Target</TableHeader>
          <TableHeader align="right">{running ? 'Of target or pace' : 'Of target'}</TableHeader>
          <TableHeader>Status</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {indicators.map((i) => (
          <TableRow key={i.indicatorId}>
            <TableCell>{i.label}</TableCell>
            <TableCell align="right">{formatValue(i.actual, i.unit, formats, i.scaleMax)}</TableCell>
            <TableCell align="right">
              {formatValue(i.target, i.unit, formats, i.scaleMax)}
              {i.statusBasis === 'pace' && i.expected !== null ? ` (${formatValue(i.expected, i.unit, formats)} by now)` : ''}
            </TableCell>
            <TableCell align="right">{formatAttainment(i.attainment, formats.locale)}</TableCell>
            <TableCell>
              <StatusTag status={i.status} testId={`status-${i.indicatorId}`} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One seller's scorecard: the four levels with status, the balance index and what it means, each indicator, a trend per level. */
export function ScorecardView({ view, trends = true }: { view: SellerScorecardResponse; trends?: boolean }) {
  const { scorecard: card, locale, currency } = view;
  const formats = { locale, currency };
  return (
    <Flex direction="column" gap="sm">
      <Heading>{card.name}</Heading>
      <Text variant="microcopy">
        {card.period.key}
        {card.period.running ? ` — running: ${formatAttainment(card.period.elapsedShare, locale)} of its working days gone, additive indicators judged by pace` : ''}
      </Text>
      <Statistics>
        <StatisticsItem label="Balance index" number={card.balanceIndex === null ? '—' : formatScoreOf100(card.balanceIndex, locale)} testId="balance-index">
          <Text variant="microcopy">{balanceMeaning(card, locale)}</Text>
        </StatisticsItem>
        {LEVELS.map((level) => {
          const score = card.levels.find((l) => l.level === level);
          return (
            <StatisticsItem key={level} label={LEVEL_LABEL[level]} number={formatScoreOf100(score?.score ?? null, locale)} testId={`level-${level}`}>
              <StatusTag status={score?.status ?? 'grey'} testId={`level-status-${level}`} />
            </StatisticsItem>
          );
        })}
      </Statistics>
      {view.answersRecorded && (
        <Alert title="Personal answers" variant="info">
          You see {card.name}’s own check-in answers. Each time you open them, the read is recorded.
        </Alert>
      )}
      {view.answersHidden && <Text variant="microcopy">Check-in answers are private to the seller here: those items show no values, and no score is computed from them.</Text>}
      {LEVELS.map((level) => {
        const indicators = card.indicators.filter((i) => i.level === level);
        if (indicators.length === 0) return null;
        return (
          <Box key={level}>
            <Heading>{LEVEL_LABEL[level]}</Heading>
            <IndicatorTable indicators={indicators} formats={formats} running={card.period.running} />
            {trends && <LevelTrend level={level} indicators={indicators} />}
          </Box>
        );
      })}
    </Flex>
  );
}
