import type { ProviderData } from '../ir.js';

/**
 * Anthropic-only data an IR part carries so a round trip back to Anthropic loses nothing: the block's
 * `cache_control` (prompt-cache breakpoints decide what a conversation costs).
 */
export interface AnthropicPartData {
  cache_control?: Record<string, unknown>;
}

export function withCacheControl(block: { cache_control?: Record<string, unknown> | null | undefined }): { providerData?: ProviderData } {
  return block.cache_control ? { providerData: { anthropic: { cache_control: block.cache_control } } } : {};
}

/** The `cache_control` a part brought from Anthropic, ready to spread into the block it becomes again. */
export function cacheControlOf(providerData: ProviderData | undefined): AnthropicPartData {
  const anthropic = providerData?.anthropic;
  if (!isRecord(anthropic) || !isRecord(anthropic.cache_control)) return {};
  return { cache_control: anthropic.cache_control };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
