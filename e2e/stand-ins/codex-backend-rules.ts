/**
 * What the ChatGPT backend refuses in a Codex request before any model runs (PROTOCOLS.md §2 "Body", "Version
 * gates"): the request identity headers, the forced body fields, the strip list and the client-version gate.
 * Each refusal is the backend's own 400 `{"detail": …}`.
 */
import type { RecordedRequest } from './http-request.js';

export interface CodexStandInModel {
  slug: string;
  minimalClientVersion: string;
  supportedReasoningLevels: readonly string[];
  defaultReasoningLevel: string;
  priority: number;
}

export const CODEX_STAND_IN_MODELS: readonly CodexStandInModel[] = [
  { slug: 'gpt-5.4', minimalClientVersion: '0.98.0', supportedReasoningLevels: ['low', 'medium', 'high', 'xhigh'], defaultReasoningLevel: 'medium', priority: 3 },
  { slug: 'gpt-5.5', minimalClientVersion: '0.125.0', supportedReasoningLevels: ['low', 'medium', 'high', 'xhigh'], defaultReasoningLevel: 'medium', priority: 2 },
  { slug: 'gpt-5.6', minimalClientVersion: '0.144.0', supportedReasoningLevels: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'], defaultReasoningLevel: 'medium', priority: 1 },
  { slug: 'gpt-6-astra', minimalClientVersion: '0.153.0', supportedReasoningLevels: ['low', 'medium', 'high', 'xhigh', 'max', 'ultra'], defaultReasoningLevel: 'high', priority: 0 },
];

/** Fields the backend rejects (CPA's and cc-switch's strip lists). */
export const CODEX_REJECTED_FIELDS = [
  'max_output_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'truncation',
  'user',
  'prompt_cache_options',
  'prompt_cache_retention',
  'context_management',
  'previous_response_id',
  'generate',
  'safety_identifier',
  'max_tool_calls',
] as const;

/** The only fields a compact request may carry. */
export const CODEX_COMPACT_FIELDS = ['model', 'input', 'instructions', 'tools', 'parallel_tool_calls', 'reasoning', 'text', 'previous_response_id'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export type RuleCheck = { ok: true } | { ok: false; status: number; detail: string };

const refuse = (detail: string, status = 400): RuleCheck => ({ ok: false, status, detail });

/** The identity headers every backend call carries; the version they state (for the model gate). */
export function checkIdentityHeaders(request: RecordedRequest): RuleCheck & { version?: string } {
  if (!request.headers['originator']) return refuse('Missing originator header');
  const version = request.headers['version'];
  if (!version || !/^\d+\.\d+\.\d+/.test(version)) return refuse('Missing or invalid Version header');
  if ('openai-beta' in request.headers) return refuse(`OpenAI-Beta is not accepted on HTTP: ${request.headers['openai-beta']}`);
  return { ok: true, version };
}

/** The body rules of POST /backend-api/codex/responses. */
/** `issuedItemIds`: the ids of the items this backend's earlier answers held (output_item.done). */
export function checkResponsesBody(body: unknown, issuedItemIds: ReadonlySet<string> = new Set()): RuleCheck {
  if (!isObject(body)) return refuse('Invalid JSON body');
  if (typeof body['model'] !== 'string') return refuse('Missing model');
  if (body['stream'] !== true) return refuse('Stream must be set to true');
  if (body['store'] !== false) return refuse('Store must be set to false');
  if (typeof body['instructions'] !== 'string' && !carriesBaseInstructions(body['input'])) return refuse('Instructions are required');
  const rejected = CODEX_REJECTED_FIELDS.find((field) => field in body);
  if (rejected) return refuse(`Unsupported parameter: ${rejected}`);
  if (isObject(body['service_tier']) || (body['service_tier'] !== undefined && body['service_tier'] !== 'priority')) return refuse('Unsupported parameter: service_tier');
  if (isObject(body['stream_options']) && Object.keys(body['stream_options']).some((key) => key !== 'reasoning_summary_delivery')) return refuse('Unsupported parameter: stream_options');
  const input = body['input'];
  if (!Array.isArray(input)) return refuse('Input must be a list');
  for (const item of input) {
    if (!isObject(item)) return refuse('Invalid input item');
    if (item['role'] === 'system') return refuse('System messages are not allowed; use instructions or a developer message');
    // Nothing is stored (store is false), so an earlier answer's item sent back by its id (msg_/fc_/rs_) names nothing.
    // An id the client made itself is only a label: the Codex CLI numbers its own messages (msg_<uuid>).
    if (typeof item['id'] === 'string' && issuedItemIds.has(item['id'])) return refuse(`Item with id '${item['id']}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, 404);
    if (Array.isArray(item['content']) && item['content'].some((part) => isObject(part) && 'prompt_cache_breakpoint' in part)) return refuse('Unsupported parameter: input.content.prompt_cache_breakpoint');
  }
  return { ok: true };
}

/**
 * The Codex CLI (0.171) sends no `instructions` field: its base instructions are the first developer message,
 * marked `internal_chat_message_metadata_passthrough.content_item_kinds: ["model.base_instructions"]`, and the
 * backend takes that in their stead.
 */
function carriesBaseInstructions(input: unknown): boolean {
  if (!Array.isArray(input)) return false;
  return input.some((item) => {
    if (!isObject(item) || item['role'] !== 'developer') return false;
    const metadata = item['internal_chat_message_metadata_passthrough'];
    return isObject(metadata) && Array.isArray(metadata['content_item_kinds']) && metadata['content_item_kinds'].includes('model.base_instructions');
  });
}

export function checkCompactBody(body: unknown): RuleCheck {
  if (!isObject(body)) return refuse('Invalid JSON body');
  const extra = Object.keys(body).find((key) => !(CODEX_COMPACT_FIELDS as readonly string[]).includes(key));
  if (extra) return refuse(`Unsupported parameter: ${extra}`);
  if (typeof body['model'] !== 'string' || !Array.isArray(body['input'])) return refuse('model and input are required');
  return { ok: true };
}

/** The backend's answer for a model the client version or the plan does not allow; null when it may run. */
export function checkModel(model: string, version: string, models: readonly CodexStandInModel[]): RuleCheck {
  const known = models.find((entry) => entry.slug === model);
  if (!known) return refuse(`The '${model}' model is not supported when using Codex with a ChatGPT account.`);
  if (compareVersions(version, known.minimalClientVersion) < 0) return refuse(`The '${model}' model requires a newer version of Codex. Please upgrade to the latest app or CLI and try again.`);
  return { ok: true };
}

/** The backend refuses a reasoning effort the model does not take (its entry's supported_reasoning_levels). */
export function checkReasoningEffort(body: unknown, models: readonly CodexStandInModel[]): RuleCheck {
  const request = typeof body === 'object' && body !== null ? (body as { model?: unknown; reasoning?: { effort?: unknown } }) : {};
  const effort = request.reasoning?.effort;
  const known = models.find((entry) => entry.slug === request.model);
  if (typeof effort !== 'string' || !known || known.supportedReasoningLevels.includes(effort)) return { ok: true };
  return refuse(`Unsupported value: '${effort}' is not supported with the '${known.slug}' model. Supported values are: ${known.supportedReasoningLevels.map((level) => `'${level}'`).join(', ')}.`);
}

export function compareVersions(left: string, right: string): number {
  const parts = (version: string) => version.split(/[.-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parts(left), parts(right)];
  for (let index = 0; index < 3; index++) if (a[index] !== b[index]) return (a[index] ?? 0) - (b[index] ?? 0);
  return 0;
}

/**
 * A reasoning model reasons unless the request turns it off (at the model's default effort when the request names
 * none); its reasoning item comes back in the next turn's input (store is false) with the encrypted_content the
 * backend wrote, which it can verify: anything else is refused. Its summary is sent only when asked for.
 */
export function reasons(body: unknown, models: readonly CodexStandInModel[]): boolean {
  const reasoning = isObject(body) && isObject(body['reasoning']) ? body['reasoning'] : null;
  const model = models.find((entry) => isObject(body) && entry.slug === body['model']);
  const effort = typeof reasoning?.['effort'] === 'string' ? reasoning['effort'] : model?.defaultReasoningLevel;
  return effort !== undefined && effort !== 'none';
}

export function checkReasoningItems(body: unknown, issued: ReadonlySet<string>): RuleCheck {
  const input = isObject(body) && Array.isArray(body['input']) ? body['input'] : [];
  for (const item of input) {
    if (!isObject(item) || item['type'] !== 'reasoning' || item['encrypted_content'] === undefined || item['encrypted_content'] === null) continue;
    const sealed = item['encrypted_content'];
    if (typeof sealed !== 'string' || !issued.has(sealed)) return refuse(`The encrypted content ${String(sealed).slice(0, 12)}… could not be verified.`);
  }
  return { ok: true };
}

export function summarizes(body: unknown): boolean {
  const reasoning = isObject(body) && isObject(body['reasoning']) ? body['reasoning'] : null;
  return typeof reasoning?.['summary'] === 'string' && reasoning['summary'] !== 'none';
}
