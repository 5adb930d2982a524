import type { IRUsage } from '../ir.js';
import { emptyUsage } from '../ir.js';
import type { AnthropicUsage } from './anthropic-response-api.js';

/** The usage object Anthropic reports in message_start, message_delta and a message body. */
export interface AnthropicUsageOut {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  /** Present when the provider said how many output tokens went to reasoning. */
  output_tokens_details?: { thinking_tokens: number };
}

export function irUsageToAnthropic(usage: IRUsage): AnthropicUsageOut {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: usage.outputTokens,
    ...(usage.reasoningTokens !== null ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } } : {}),
  };
}

/**
 * Anthropic usage laid over what is known so far. Its counters are cumulative totals, and message_delta may
 * repeat only some of them (null or absent means "unchanged"), so each present one replaces the old value.
 */
export function mergeAnthropicUsage(base: IRUsage, usage: AnthropicUsage | null | undefined): IRUsage {
  if (!usage) return base;
  const longWrites = usage.cache_creation?.ephemeral_1h_input_tokens ?? base.cacheWrite1hTokens;
  return {
    inputTokens: usage.input_tokens ?? base.inputTokens,
    outputTokens: usage.output_tokens ?? base.outputTokens,
    cacheReadTokens: usage.cache_read_input_tokens ?? base.cacheReadTokens,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? base.cacheWriteTokens,
    ...(longWrites ? { cacheWrite1hTokens: longWrites } : {}),
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? base.reasoningTokens,
    estimated: false,
  };
}

export function anthropicUsageToIr(usage: AnthropicUsage | null | undefined): IRUsage {
  return mergeAnthropicUsage(emptyUsage(), usage);
}
