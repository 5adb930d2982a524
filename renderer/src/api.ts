/**
 * The few proxy endpoints this page reads, called at its own origin (the proxy serves the page). Every answer
 * is checked before use and every failure becomes a sentence the page can show.
 */

export interface ProviderHealth {
  accounts: number;
  usable: number;
}

export interface Health {
  version: string | null;
  providers: Record<string, ProviderHealth>;
}

export interface ModelEntry {
  id: string;
  /** display_name (Anthropic shape) when the proxy sends one. */
  name: string | null;
  /** owned_by (OpenAI shape): the provider serving it. */
  provider: string | null;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const REQUEST_TIMEOUT_MS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

/** GET /health → `{ status: "ok", version, providers: { anthropic: { accounts, usable } } }`. */
export function parseHealth(body: unknown): Health | null {
  if (!isRecord(body) || body.status !== 'ok') return null;
  const providers: Record<string, ProviderHealth> = {};
  if (isRecord(body.providers)) {
    for (const [id, entry] of Object.entries(body.providers)) {
      if (isRecord(entry)) providers[id] = { accounts: count(entry.accounts), usable: count(entry.usable) };
    }
  }
  return { version: typeof body.version === 'string' ? body.version : null, providers };
}

/** GET /v1/models → `{ data: [{ id, display_name?, owned_by? }] }` (OpenAI and Anthropic list shapes). */
export function parseModels(body: unknown): ModelEntry[] | null {
  if (!isRecord(body) || !Array.isArray(body.data)) return null;
  const models: ModelEntry[] = [];
  for (const entry of body.data) {
    if (!isRecord(entry) || typeof entry.id !== 'string') continue;
    models.push({
      id: entry.id,
      name: typeof entry.display_name === 'string' && entry.display_name !== entry.id ? entry.display_name : null,
      provider: typeof entry.owned_by === 'string' ? entry.owned_by : null,
    });
  }
  return models;
}

/** The message inside either error shape the proxy answers with: `{ error: { message } }`. */
export function errorMessage(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const error = body.error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return typeof error === 'string' ? error : null;
}

async function getJson(path: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Result<{ status: number; body: unknown }>> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: 'no-store', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (timeout.aborted) return { ok: false, error: 'The proxy did not answer within 10 seconds.' };
    if (signal?.aborted) throw error;
    return { ok: false, error: 'Cannot reach the proxy. Is it running?' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: reported below by the status or the parse result.
  }
  return { ok: true, value: { status: response.status, body } };
}

export async function fetchHealth(signal?: AbortSignal): Promise<Result<Health>> {
  const answer = await getJson('/health', { headers: { accept: 'application/json' } }, signal);
  if (!answer.ok) return answer;
  const { status, body } = answer.value;
  if (status !== 200) return { ok: false, error: `The proxy answered ${status}${withReason(body)}.` };
  const health = parseHealth(body);
  return health ? { ok: true, value: health } : { ok: false, error: 'The health answer was not understood (is this a Switchboard proxy?).' };
}

export async function fetchModels(apiKey: string, signal?: AbortSignal): Promise<Result<ModelEntry[]>> {
  const answer = await getJson('/v1/models', { headers: { accept: 'application/json', authorization: `Bearer ${apiKey}` } }, signal);
  if (!answer.ok) return answer;
  const { status, body } = answer.value;
  if (status === 401 || status === 403) return { ok: false, error: `The API key was not accepted${withReason(body)}.` };
  if (status !== 200) return { ok: false, error: `The proxy answered ${status}${withReason(body)}.` };
  const models = parseModels(body);
  return models ? { ok: true, value: models } : { ok: false, error: 'The model list was not understood.' };
}

function withReason(body: unknown): string {
  const message = errorMessage(body);
  return message ? `: ${message.replace(/[.\s]+$/, '')}` : '';
}
