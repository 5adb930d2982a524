import { z } from 'zod';
import type { ListedModel } from '../../models/listed-model.js';
import { ANTHROPIC_VERSION } from './upstream-headers.js';

const modelsPageSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string().min(1), display_name: z.string().nullish(), created_at: z.string().nullish() })),
  has_more: z.boolean().nullish(),
  last_id: z.string().nullish(),
});

/** Pages are followed up to this many; the list is a few dozen models, so more means something is wrong. */
const MAX_PAGES = 10;

/** Reads the models a credential may use: GET /v1/models, page by page (`fetch` follows no redirects: the connection's). */
export async function listAnthropicModels(options: { baseUrl: string; credentialHeaders: Record<string, string>; fetch: typeof fetch; timeoutMs: number }): Promise<ListedModel[]> {
  const models: ListedModel[] = [];
  let afterId: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL('/v1/models', options.baseUrl);
    url.searchParams.set('limit', '1000');
    if (afterId) url.searchParams.set('after_id', afterId);
    const response = await options.fetch(url, { headers: { ...options.credentialHeaders, 'anthropic-version': ANTHROPIC_VERSION, accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) throw new Error(`GET ${url.pathname} answered HTTP ${response.status}`);
    const parsed = modelsPageSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new Error(`GET ${url.pathname} answered in an unexpected shape`);
    for (const model of parsed.data.data) {
      models.push({ id: model.id, displayName: model.display_name ?? model.id, createdAt: model.created_at ?? null });
    }
    if (!parsed.data.has_more || !parsed.data.last_id) return models;
    afterId = parsed.data.last_id;
  }
  return models;
}
