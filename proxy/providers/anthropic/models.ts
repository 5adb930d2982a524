import { z } from 'zod';
import type { ListedModel, ModelFamily } from '../../models/listed-model.js';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import { oauthApiHeaders } from '../../protocols/anthropic-messages/upstream-headers.js';

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

const modelsPageSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string().min(1), display_name: z.string().nullish(), created_at: z.string().nullish() })),
  has_more: z.boolean().nullish(),
  last_id: z.string().nullish(),
});

/** Pages are followed up to this many; the list is a few dozen models, so more means something is wrong. */
const MAX_PAGES = 10;

/** Reads the models the account may use: GET /v1/models with its OAuth token, page by page. */
export async function fetchAnthropicModels(options: { baseUrl: string; accessToken: string; fetch: typeof fetch; timeoutMs: number }): Promise<ListedModel[]> {
  const fetchPage = refusingRedirects(options.fetch);
  const models: ListedModel[] = [];
  let afterId: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL('/v1/models', options.baseUrl);
    url.searchParams.set('limit', '1000');
    if (afterId) url.searchParams.set('after_id', afterId);
    const response = await fetchPage(url, { headers: oauthApiHeaders(options.accessToken), signal: AbortSignal.timeout(options.timeoutMs) });
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

/**
 * What client setup writes for a client that needs a model (the Codex CLI): an alias, so the config it writes
 * follows the current Sonnet instead of naming a version that goes stale; Sonnet because an agent's many tool turns
 * cost a subscription's limits far less on it than on Opus.
 */
export const ANTHROPIC_DEFAULT_CLIENT_MODEL = 'sonnet';
