import type { ModelInfo } from '../providers/provider.js';
import type { ModelDirectory } from './model-directory.js';

/** A directory's models followed by its aliases ("opus → claude-opus-5-5"), as `/v1/models` and error hints list them. */
export function modelsWithAliases(provider: string, directory: ModelDirectory): ModelInfo[] {
  return [
    ...directory.listed().map((model) => ({ id: model.id, displayName: model.displayName, provider, createdAt: model.createdAt })),
    ...directory.aliases().map(({ alias, target }) => ({ id: alias, displayName: `${alias} → ${target}`, provider, createdAt: null })),
  ];
}
