import { countO200kTokens as countTokens } from '../o200k-tokens.js';

import type { IRUsage } from '../../wire/ir.js';
import type { ChatTurn } from './chat-transport.js';

/**
 * Usage counted locally when a turn's `turn_ended` carried none (PROTOCOLS.md §3 "Usage"): the o200k tokenizer over
 * what was sent and what came back, marked estimated. Cursor's own tokenizers differ by model; this is a fair guess,
 * never a bill.
 */
export function estimatedUsage(turn: ChatTurn, answerText: string): IRUsage {
  const sent = [turn.system, ...turn.messages.map((message) => message.text), ...turn.tools.map((tool) => JSON.stringify(tool))].filter(Boolean).join('\n');
  return { inputTokens: countTokens(sent), outputTokens: countTokens(answerText), cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null, estimated: true };
}
