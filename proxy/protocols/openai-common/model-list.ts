import { z } from 'zod';
import type { ListedModel } from '../../models/listed-model.js';

/** `GET /v1/models` of OpenAI and the compatible servers: `{"object":"list","data":[{id, created, owned_by}]}`. */
const modelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string().min(1), created: z.number().nullish(), owned_by: z.string().nullish() })),
});

/** Thrown when a model list answer is not one. */
export class ModelListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelListError';
  }
}

/**
 * The models of a list answer, in the order given. `created` (Unix seconds) becomes the release date; OpenAI names
 * no display names, so the id is the name. Some servers (Ollama's) give `created: 0`: no date then.
 */
export function readOpenAIModelList(bodyText: string): ListedModel[] {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new ModelListError(`the model list is not JSON (${Buffer.byteLength(bodyText)} bytes)`);
  }
  const parsed = modelListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelListError(`the model list is not {"data": [{"id": …}]}${issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}`);
  }
  return parsed.data.data.map((model) => ({
    id: model.id,
    displayName: model.id,
    createdAt: model.created ? new Date(model.created * 1000).toISOString() : null,
  }));
}
