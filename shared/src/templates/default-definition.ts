import { ScorecardDefinitionSchema, type ScorecardDefinition, type ScorecardDefinitionInput } from '../model/definition';
import { CHECK_IN_ITEMS } from './check-in-items';

const willItem = (id: string, label: string, description: string) => ({
  id,
  level: 'will' as const,
  label,
  description,
  unit: 'score' as const,
  measure: { kind: 'latest' as const, itemId: id },
  target: { value: 4, per: 'month' as const },
});

const foundationItem = (id: string, label: string, description: string) => ({ ...willItem(id, label, description), level: 'foundation' as const });

/**
 * The default "balanced" scorecard: all four levels, every behaviour measure, customer potential
 * and satisfaction, and the check-in items. Targets are monthly and are meant to be tuned by an
 * admin; additive ones scale to weeks and quarters by working days.
 */
export const DEFAULT_DEFINITION_INPUT: ScorecardDefinitionInput = {
  name: 'Balanced scorecard',
  version: 1,
  currency: 'EUR',
  locale: 'en-GB',
  timeZone: 'Europe/Oslo',
  weekStartsOn: 1,
  defaultPeriod: 'month',
  levelWeights: { result: 1, activity: 1, will: 1, foundation: 1 },
  checkInItems: [...CHECK_IN_ITEMS],
  indicators: [
    // Result: the outcomes.
    {
      id: 'won_revenue',
      level: 'result',
      label: 'Won revenue',
      description: 'Amount of deals won in the period.',
      unit: 'currency',
      measure: { kind: 'sum', source: 'deals', field: 'amount', dateField: 'closedAt', filter: { isWon: true } },
      target: { value: 60000, per: 'month' },
      weight: 3,
    },
    {
      id: 'deals_won',
      level: 'result',
      label: 'Deals won',
      description: 'Number of deals won in the period.',
      unit: 'count',
      measure: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isWon: true } },
      target: { value: 4, per: 'month' },
    },
    {
      id: 'new_customers',
      level: 'result',
      label: 'New customers',
      description: 'Companies and contacts that became customers in the period.',
      unit: 'count',
      measure: { kind: 'count', source: 'customers', dateField: 'becameCustomerAt' },
      target: { value: 3, per: 'month' },
    },
    {
      id: 'win_rate',
      level: 'result',
      label: 'Win rate',
      description: 'Share of the deals closed in the period that were won.',
      unit: 'percent',
      measure: {
        kind: 'ratio',
        numerator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isWon: true } },
        denominator: { kind: 'count', source: 'deals', dateField: 'closedAt', filter: { isClosed: true } },
        scale: 100,
      },
      target: { value: 35, per: 'month' },
    },
    {
      id: 'potential_share',
      level: 'result',
      label: 'Share of customer potential',
      description: 'Won revenue as a share of the yearly potential of your customers, prorated to the period.',
      unit: 'percent',
      measure: { kind: 'potentialShare' },
      target: { value: 30, per: 'month' },
    },
    {
      id: 'customer_satisfaction',
      level: 'result',
      label: 'Customer satisfaction',
      description: 'Average satisfaction (0–10) of your customers so far.',
      unit: 'score',
      measure: { kind: 'average', source: 'customers', field: 'satisfaction', dateField: 'becameCustomerAt', window: 'asOfEnd' },
      target: { value: 8, per: 'month' },
    },
    // Activity: the efforts and their quality.
    {
      id: 'meetings_held',
      level: 'activity',
      label: 'Meetings held',
      description: 'Customer meetings that took place.',
      unit: 'count',
      measure: { kind: 'count', source: 'activities', filter: { types: ['meeting'], outcomes: ['completed'] } },
      target: { value: 5, per: 'week' },
      weight: 2,
    },
    {
      id: 'connected_calls',
      level: 'activity',
      label: 'Connected calls',
      description: 'Calls where you reached the person.',
      unit: 'count',
      measure: { kind: 'count', source: 'activities', filter: { types: ['call'], outcomes: ['connected'] } },
      target: { value: 15, per: 'week' },
    },
    {
      id: 'conversations',
      level: 'activity',
      label: 'People in conversation',
      description: 'Distinct contacts you spoke with on a connected call or in a meeting.',
      unit: 'count',
      measure: {
        kind: 'distinctCount',
        source: 'activities',
        field: 'contactId',
        filter: { types: ['call', 'meeting', 'visit'], outcomes: ['connected', 'completed'] },
      },
      target: { value: 30, per: 'month' },
    },
    {
      id: 'follow_up_24h',
      level: 'activity',
      label: 'Follow-up within 24 h',
      description: 'Share of meetings followed by an email, call or message to the same contact within 24 hours.',
      unit: 'percent',
      measure: { kind: 'followUpAfterMeeting', withinHours: 24 },
      target: { value: 80, per: 'month' },
      weight: 2,
    },
    {
      id: 'lead_response_time',
      level: 'activity',
      label: 'Lead response time',
      description: 'Median hours from a new lead to your first touch.',
      unit: 'hours',
      direction: 'down',
      measure: { kind: 'leadResponseTime' },
      target: { value: 4, per: 'month' },
    },
    {
      id: 'contacts_per_open_deal',
      level: 'activity',
      label: 'Contacts engaged per open deal',
      description: 'How many people in each open deal you were in touch with in the last 30 days.',
      unit: 'count',
      measure: { kind: 'contactsPerOpenDeal', lookbackDays: 30 },
      target: { value: 2.5, per: 'month' },
    },
    {
      id: 'meeting_to_deal',
      level: 'activity',
      label: 'Meeting → deal conversion',
      description: 'Share of meetings followed by a new deal with that customer within 30 days.',
      unit: 'percent',
      measure: { kind: 'meetingToDealConversion', withinDays: 30 },
      target: { value: 25, per: 'month' },
    },
    // Will: engagement and motivation, from the check-in.
    willItem('motivation', 'Motivation', 'Latest check-in: “I look forward to my sales work most days.”'),
    willItem('energy', 'Energy', 'Latest check-in: “I have the energy to do my best work this month.”'),
    willItem('product_pride', 'Pride in the product', 'Latest check-in: “I am proud of what we sell.”'),
    willItem('goal_belief', 'Belief in the goals', 'Latest check-in: “My targets are reachable and worth reaching.”'),
    // Foundation: time, knowledge, skills, tools, attitudes.
    foundationItem('selling_time', 'Time to sell', 'Latest check-in: enough of the week goes to customers.'),
    foundationItem('product_knowledge', 'Product knowledge', 'Latest check-in: answering product questions unaided.'),
    foundationItem('sales_skills', 'Sales skills', 'Latest check-in: discovery and objection handling.'),
    foundationItem('tools_support', 'Tools and support', 'Latest check-in: tools and help make selling easier.'),
    {
      id: 'crm_data_quality',
      level: 'foundation',
      label: 'CRM data quality',
      description: 'Share of your activities logged with an outcome or notes.',
      unit: 'percent',
      measure: {
        kind: 'ratio',
        numerator: { kind: 'count', source: 'activities', filter: { logged: true } },
        denominator: { kind: 'count', source: 'activities' },
        scale: 100,
      },
      target: { value: 90, per: 'month' },
    },
  ],
};

/** The default definition, parsed (so defaults are filled in and it is checked like any admin edit). */
export function defaultDefinition(overrides: Partial<Pick<ScorecardDefinitionInput, 'currency' | 'locale' | 'timeZone'>> = {}): ScorecardDefinition {
  return ScorecardDefinitionSchema.parse({ ...DEFAULT_DEFINITION_INPUT, ...overrides });
}
