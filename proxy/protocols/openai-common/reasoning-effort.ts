/** The reasoning efforts OpenAI's APIs take (compatible servers take the usual three). */
export type OpenAIEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** The thinking budget each effort stands for, to pick an effort for a client that gave a budget (Anthropic's). */
const EFFORT_BY_BUDGET: ReadonlyArray<[number, OpenAIEffort]> = [
  [2048, 'low'],
  [8192, 'medium'],
  [16384, 'high'],
];

/** The effort for a thinking budget in tokens: the smallest whose budget covers it. */
export function effortForBudget(budgetTokens: number): OpenAIEffort {
  return EFFORT_BY_BUDGET.find(([most]) => budgetTokens <= most)?.[1] ?? 'xhigh';
}
