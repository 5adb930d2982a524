import type { ListedModel } from '../../models/listed-model.js';

/**
 * What the Codex backend served when this list was written (PROTOCOLS.md §2 "Version gates"), used until a login's
 * live list (`…/codex/models`) is read, and whenever none can be.
 */
export const CODEX_BUILT_IN_MODELS: readonly ListedModel[] = [
  { id: 'gpt-5.6', displayName: 'GPT-5.6', createdAt: null },
  { id: 'gpt-5.5', displayName: 'GPT-5.5', createdAt: null },
];

/** `gpt-*`, `o<digit>*` and `codex-*` go to the Codex backend as they are, so a new model works without a release. */
export const CODEX_MODEL_PATTERN = /^(gpt-|o\d|codex-)[a-z0-9.-]*$/i;

/** What client setup writes for a client that needs a model and was given none. */
export const CODEX_DEFAULT_CLIENT_MODEL = 'gpt-5.5';
