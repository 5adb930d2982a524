import type { IRUsage } from '../../wire/ir.js';
import type { ChatUpstreamUsage } from './chat-upstream-api.js';

/**
 * Chat usage → IR usage. OpenAI counts cached tokens inside prompt_tokens and reasoning tokens inside
 * completion_tokens; the IR keeps cache reads apart from inputTokens (as Anthropic counts) and reasoning inside
 * outputTokens. `cache_write_tokens` is not OpenAI's (it caches for free) but Switchboard's own Chat answers carry it.
 */
export function chatUsageToIr(usage: ChatUpstreamUsage): IRUsage {
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    outputTokens: usage.completion_tokens ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? null,
    estimated: false,
  };
}
