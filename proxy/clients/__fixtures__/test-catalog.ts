/** A small, fixed catalog for client-setup tests (not a test file itself: vitest only runs *.test.ts). */
import type { ModelCatalog } from '../model-catalog.js';

/** Serves any `claude-…` id and the alias `sonnet`, like the Anthropic provider, but with a list that never changes. */
export const testCatalog: ModelCatalog = {
  listed: ['sonnet', 'claude-opus-4-5', 'claude-sonnet-4-6', 'claude-haiku-4-5'],
  resolve: (name) => (name === 'sonnet' ? 'claude-sonnet-4-6' : /^claude-[a-z0-9.-]+$/.test(name) ? name : null),
  suggested: 'sonnet',
  suggestFor: () => ({ model: 'sonnet', native: true }),
};

/** A Switchboard with no provider enabled: it serves nothing. */
export const emptyCatalog: ModelCatalog = { listed: [], resolve: () => null, suggested: null, suggestFor: () => null };
