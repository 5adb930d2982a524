import type { IRUsage } from '../ir.js';
import type { ChatUsage } from './chat-api.js';

/** IR usage in Chat's terms: OpenAI's prompt_tokens include cached tokens, the IR's inputTokens do not. */
export function renderChatUsage(usage: IRUsage): ChatUsage {
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens, cache_write_tokens: usage.cacheWriteTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
