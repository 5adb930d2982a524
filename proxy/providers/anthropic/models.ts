import type { ListedModel, ModelFamily } from '../../models/listed-model.js';

/**
 * What a Claude subscription served when this list was written, newest first. Used only until an account's live
 * list (GET /v1/models) has been read, and whenever none can be: the live list is the source of truth.
 */
export const ANTHROPIC_BUILT_IN_MODELS: readonly ListedModel[] = [
  { id: 'claude-opus-5-5', displayName: 'Claude Opus 5.5', createdAt: null },
  { id: 'claude-opus-5', displayName: 'Claude Opus 5', createdAt: null },
  { id: 'claude-sonnet-5', displayName: 'Claude Sonnet 5', createdAt: null },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', createdAt: null },
  { id: 'claude-opus-4-7', displayName: 'Claude Opus 4.7', createdAt: null },
  { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', createdAt: null },
];

/** `opus`, `sonnet` and `haiku` stand for the newest plain member of their family (no "-fast" or other variant). */
export const ANTHROPIC_FAMILIES: readonly ModelFamily[] = ['opus', 'sonnet', 'haiku'].map((alias) => ({
  alias,
  pattern: new RegExp(`^claude-${alias}-(?<version>\\d+(?:[-.]\\d{1,2})?)(?:-(?<date>\\d{8}))?$`),
}));

/** Any Claude model id (dated or not) goes to Anthropic as it is, so new models work without a release. */
export const ANTHROPIC_MODEL_PATTERN = /^claude-[a-z0-9.-]+$/i;

/**
 * What client setup writes for a client that needs a model (the Codex CLI): an alias, so the config it writes
 * follows the current Sonnet instead of naming a version that goes stale; Sonnet because an agent's many tool turns
 * cost a subscription's limits far less on it than on Opus.
 */
export const ANTHROPIC_DEFAULT_CLIENT_MODEL = 'sonnet';
