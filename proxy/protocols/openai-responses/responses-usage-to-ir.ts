import type { IRUsage } from '../../wire/ir.js';
import type { ResponsesUpstreamUsage } from './responses-upstream-api.js';

/** Responses usage → IR usage: cached tokens come out of input_tokens (the IR counts them apart); reasoning stays in output. */
export function responsesUsageToIr(usage: ResponsesUpstreamUsage): IRUsage {
  const cacheRead = usage.input_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage.input_tokens ?? 0) - cacheRead),
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? null,
    estimated: false,
  };
}
