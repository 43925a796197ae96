import type { CheckInItem } from '../model/definition';

/**
 * The check-in item bank (DESIGN §7): about one minute, 1 = not at all, 5 = fully.
 * Statements are in the seller's own voice so they can be answered without explanation.
 */
export const CHECK_IN_ITEMS: readonly CheckInItem[] = [
  { id: 'motivation', level: 'will', label: 'Motivation', statement: 'I look forward to my sales work most days.', skill: false, motivation: true },
  { id: 'energy', level: 'will', label: 'Energy', statement: 'I have the energy to do my best work this month.', skill: false, motivation: false },
  { id: 'product_pride', level: 'will', label: 'Pride in the product', statement: 'I am proud of what we sell and glad to recommend it.', skill: false, motivation: false },
  { id: 'goal_belief', level: 'will', label: 'Belief in the goals', statement: 'I believe my targets are reachable and worth reaching.', skill: false, motivation: false },
  { id: 'selling_time', level: 'foundation', label: 'Time to sell', statement: 'I get enough of my week for customers, not admin.', skill: false, motivation: false },
  { id: 'product_knowledge', level: 'foundation', label: 'Product knowledge', statement: 'I can answer customers’ product questions without asking a colleague.', skill: true, motivation: false },
  { id: 'sales_skills', level: 'foundation', label: 'Sales skills', statement: 'I know how to run a discovery call and handle objections well.', skill: true, motivation: false },
  { id: 'tools_support', level: 'foundation', label: 'Tools and support', statement: 'My tools and the help I get make selling easier, not harder.', skill: false, motivation: false },
];
