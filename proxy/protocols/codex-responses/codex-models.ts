import { z } from 'zod';
import type { ListedModel } from '../../models/listed-model.js';

/**
 * The Codex backend's model list (`GET …/codex/models?client_version=<v>`, PROTOCOLS.md §2 "Models"): the entries
 * shown in its picker (`visibility: list`), in its priority order. An old client version silently gets an older
 * subset, so the list is read with the configured version.
 */
const entrySchema = z.looseObject({
  slug: z.string().min(1),
  display_name: z.string().nullish(),
  visibility: z.string().nullish(),
  priority: z.number().nullish(),
  minimal_client_version: z.string().nullish(),
  supported_reasoning_levels: z.array(z.looseObject({ effort: z.string().min(1) })).nullish(),
});

const listSchema = z.looseObject({ models: z.array(z.unknown()) });

/** The listed models, and each model's reasoning efforts (hidden ones too: a client may still name them). */
export interface CodexModelList {
  models: ListedModel[];
  efforts: ReadonlyMap<string, readonly string[]>;
}

export function readCodexModelList(text: string): CodexModelList {
  const parsed = listSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('the Codex model list is not {"models": […]}');
  const entries = parsed.data.models.flatMap((entry) => {
    const model = entrySchema.safeParse(entry);
    return model.success ? [model.data] : [];
  });
  const models = entries
    .filter((model) => model.visibility !== 'hide')
    .sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER))
    .map((model) => ({ id: model.slug, displayName: model.display_name ?? model.slug, createdAt: null }));
  const efforts = new Map(entries.flatMap((model) => (model.supported_reasoning_levels?.length ? [[model.slug, model.supported_reasoning_levels.map((level) => level.effort)] as const] : [])));
  return { models, efforts };
}
