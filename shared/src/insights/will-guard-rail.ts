import type { ScorecardDefinition } from '../model/definition';
import type { Seller } from '../model/records';
import type { SellerScorecard } from '../model/scorecard';
import { targetValueFor } from '../engine/compute-scorecards';

/**
 * "Half times half is not a whole" (DESIGN §5): asking more activity of a seller whose will is
 * low yields less. When a change raises an activity target for such a seller, the change is
 * answered with a warning the UI must show.
 */
export const LOW_WILL_SCORE = 50;
export const LOW_MOTIVATION_ANSWER = 2;

export interface WillWarning {
  code: 'low_will_activity_target_raised';
  sellerId: string;
  sellerName: string;
  indicatorId: string;
  from: number;
  to: number;
  willScore: number | null;
  motivation: number | null;
  message: string;
}

/**
 * What a warning says. With `motivation` null it names no answer and no score derived from
 * answers: only that the guard-rail fired, for a viewer who may not read the seller's answers.
 */
export function willWarningMessage(sellerName: string, indicatorLabel: string, motivation: number | null): string {
  if (motivation === null) return `Raising "${indicatorLabel}" for ${sellerName}: the will guard-rail fired. Talk with them about motivation first: more activity on low will yields less.`;
  return `${sellerName}'s will is low (motivation ${motivation}/5): talk about motivation before raising "${indicatorLabel}". More activity on low will yields less.`;
}

/** A warning as a viewer who may not read the seller's answers receives it: that it fired, nothing derived from answers. */
export function withoutAnswers(warning: WillWarning, indicatorLabel: string): WillWarning {
  return { ...warning, willScore: null, motivation: null, message: willWarningMessage(warning.sellerName, indicatorLabel, null) };
}

/** The indicators that show the latest answer to a check-in item the definition marks as motivation. */
export function motivationIndicatorIds(definition: Pick<ScorecardDefinition, 'checkInItems' | 'indicators'>): Set<string> {
  const items = new Set(definition.checkInItems.filter((i) => i.motivation).map((i) => i.id));
  return new Set(definition.indicators.filter((i) => i.measure.kind === 'latest' && items.has(i.measure.itemId)).map((i) => i.id));
}

/**
 * Low will: a will level score under LOW_WILL_SCORE, or a motivation answer (the lowest, when
 * several items are marked motivation) of LOW_MOTIVATION_ANSWER or less.
 */
export function isLowWill(card: Pick<SellerScorecard, 'levels' | 'indicators'>, motivationIds: ReadonlySet<string>): { low: boolean; willScore: number | null; motivation: number | null } {
  const willScore = card.levels.find((l) => l.level === 'will')?.score ?? null;
  const answers = card.indicators.filter((i) => motivationIds.has(i.indicatorId) && i.actual !== null).map((i) => i.actual!);
  const motivation = answers.length > 0 ? Math.min(...answers) : null;
  const low = (willScore !== null && willScore < LOW_WILL_SCORE) || (motivation !== null && motivation <= LOW_MOTIVATION_ANSWER);
  return { low, willScore, motivation };
}

export function findWillWarnings(
  before: ScorecardDefinition,
  after: ScorecardDefinition,
  sellers: readonly Pick<Seller, 'id' | 'name' | 'teamIds'>[],
  scorecards: readonly Pick<SellerScorecard, 'sellerId' | 'levels' | 'indicators'>[],
): WillWarning[] {
  const cards = new Map(scorecards.map((c) => [c.sellerId, c]));
  const motivationIds = motivationIndicatorIds(after);
  const warnings: WillWarning[] = [];
  for (const next of after.indicators) {
    if (next.level !== 'activity') continue;
    const prev = before.indicators.find((i) => i.id === next.id);
    for (const seller of sellers) {
      const card = cards.get(seller.id);
      if (!card) continue;
      const to = targetValueFor(next, seller);
      const from = prev ? targetValueFor(prev, seller) : to;
      const raised = next.direction === 'down' ? to < from : to > from;
      if (!raised) continue;
      const will = isLowWill(card, motivationIds);
      if (!will.low) continue;
      warnings.push({
        code: 'low_will_activity_target_raised',
        sellerId: seller.id,
        sellerName: seller.name,
        indicatorId: next.id,
        from,
        to,
        willScore: will.willScore,
        motivation: will.motivation,
        message: willWarningMessage(seller.name, next.label, will.motivation),
      });
    }
  }
  return warnings;
}
