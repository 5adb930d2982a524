import type { ModelInfo } from '../provider.js';

/** Models a Claude subscription serves, newest first (PROTOCOLS.md §4 lists their prices). */
export const ANTHROPIC_MODELS: readonly ModelInfo[] = [
  { id: 'claude-opus-4-7', displayName: 'Claude Opus 4.7', provider: 'anthropic' },
  { id: 'claude-opus-4-6', displayName: 'Claude Opus 4.6', provider: 'anthropic' },
  { id: 'claude-opus-4-5', displayName: 'Claude Opus 4.5', provider: 'anthropic' },
  { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', provider: 'anthropic' },
  { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', provider: 'anthropic' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', provider: 'anthropic' },
];

/** Short names clients may use; the config's `providers.anthropic.aliases` is merged over these. */
export const ANTHROPIC_ALIASES: Readonly<Record<string, string>> = {
  opus: 'claude-opus-4-7',
  sonnet: 'claude-sonnet-4-6',
  haiku: 'claude-haiku-4-5',
};

/** Any Claude model id (dated or not) goes to Anthropic as it is, so new models work without a release. */
export const ANTHROPIC_MODEL_PATTERN = /^claude-[a-z0-9.-]+$/i;

/**
 * What client setup writes for a client that needs a model (the Codex CLI): an alias, so the config it writes
 * follows the current Sonnet instead of naming a version that goes stale; Sonnet because an agent's many tool turns
 * cost a subscription's limits far less on it than on Opus.
 */
export const ANTHROPIC_DEFAULT_CLIENT_MODEL = 'sonnet';
