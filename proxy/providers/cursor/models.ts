import type { ListedModel } from '../../models/listed-model.js';
import { CURSOR_MODEL_PREFIX } from './constants.js';

/** A model as one of Cursor's lists names it. */
export interface CursorListedModel {
  id: string;
  name: string;
}

/** One of Cursor's model lists, read for one account. */
export type CursorModelSource = () => Promise<CursorListedModel[]>;

/**
 * An account's models, under the names that route to Cursor (`cursor-<id>`): `GetUsableModels` (per account and
 * region), else `AvailableModels`; when neither answers with models this fails, and the model directory keeps the
 * last list it read or the config's built-in one (PROTOCOLS.md §3 "Models").
 */
export async function readCursorModels(sources: readonly [name: string, read: CursorModelSource][]): Promise<ListedModel[]> {
  const problems: string[] = [];
  for (const [name, read] of sources) {
    try {
      const models = await read();
      if (models.length > 0) return models.map((model) => ({ id: `${CURSOR_MODEL_PREFIX}${model.id}`, displayName: `${model.name} (Cursor)`, createdAt: null }));
      problems.push(`${name} listed no models`);
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`Cursor's model lists could not be read (${problems.join('; ')})`);
}
