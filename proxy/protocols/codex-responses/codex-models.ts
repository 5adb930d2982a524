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
});

const listSchema = z.looseObject({ models: z.array(z.unknown()) });

export function readCodexModelList(text: string): ListedModel[] {
  const parsed = listSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('the Codex model list is not {"models": […]}');
  return parsed.data.models
    .flatMap((entry) => {
      const model = entrySchema.safeParse(entry);
      return model.success && model.data.visibility !== 'hide' ? [model.data] : [];
    })
    .sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER))
    .map((model) => ({ id: model.slug, displayName: model.display_name ?? model.slug, createdAt: null }));
}
