/**
 * The named edits every body gets on its way to the ChatGPT Codex backend (PROTOCOLS.md §2 "Body", "Strip"), for a
 * Responses client's own body and for one converted from the IR alike: the backend is stateless and streams only,
 * and refuses the sampling, limit and server-state fields the public API takes.
 */
type Json = Record<string, unknown>;

/** Fields the backend rejects (CPA's and cc-switch's lists); `service_tier` and `stream_options` are edited apart. */
export const CODEX_STRIPPED_FIELDS = [
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

const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function codexRequestBody(body: Json): Json {
  const edited: Json = { ...body };
  for (const field of CODEX_STRIPPED_FIELDS) delete edited[field];
  if (edited['service_tier'] !== 'priority') delete edited['service_tier'];
  const streamOptions = isObject(edited['stream_options']) ? edited['stream_options'] : null;
  delete edited['stream_options'];
  if (streamOptions && 'reasoning_summary_delivery' in streamOptions) edited['stream_options'] = { reasoning_summary_delivery: streamOptions['reasoning_summary_delivery'] };

  edited['stream'] = true;
  edited['store'] = false;
  edited['instructions'] = typeof body['instructions'] === 'string' ? body['instructions'] : '';
  const include = Array.isArray(body['include']) ? body['include'].filter((entry): entry is string => typeof entry === 'string') : [];
  edited['include'] = include.includes(ENCRYPTED_REASONING) ? include : [...include, ENCRYPTED_REASONING];
  edited['input'] = inputItems(body['input']);

  // CPA's rule: tools mean parallel calls are allowed; no tools, no field.
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  if (tools.length > 0) edited['parallel_tool_calls'] = true;
  else delete edited['parallel_tool_calls'];
  return edited;
}

/** The only fields the backend's compact endpoint takes (PROTOCOLS.md §2 "Compact"): no stream, store or cache key. */
export const CODEX_COMPACT_FIELDS = ['model', 'input', 'instructions', 'tools', 'parallel_tool_calls', 'reasoning', 'text', 'previous_response_id'] as const;

/** A compact request as the backend takes it: its allow-listed fields, the input as items, instructions a string. */
export function codexCompactBody(body: Json): Json {
  const kept: Json = {};
  for (const field of CODEX_COMPACT_FIELDS) if (body[field] !== undefined && body[field] !== null) kept[field] = body[field];
  kept['instructions'] = typeof body['instructions'] === 'string' ? body['instructions'] : '';
  kept['input'] = inputItems(body['input']);
  return kept;
}

/**
 * A string input is one user message; `system` messages are `developer` ones; cache breakpoints go; and item ids go:
 * the backend stores nothing, so it answers an id it sees (a client sending an earlier answer's output items back,
 * as the SDKs do) with 404 "Item with id … not found". The item's content carries the history, its id only named
 * the stored copy. An `item_reference` is nothing but that id, so it stays for the backend to refuse in its words.
 */
function inputItems(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  if (!Array.isArray(input)) return [];
  return input.map((item) => {
    if (!isObject(item)) return item;
    const { id: _storedId, ...content } = item;
    const unstored = item['type'] === 'item_reference' ? item : content;
    const edited: Json = unstored['role'] === 'system' ? { ...unstored, role: 'developer' } : { ...unstored };
    if (Array.isArray(edited['content'])) {
      edited['content'] = edited['content'].map((part) => {
        if (!isObject(part) || !('prompt_cache_breakpoint' in part)) return part;
        const { prompt_cache_breakpoint: _breakpoint, ...rest } = part;
        return rest;
      });
    }
    return edited;
  });
}

/** The session headers that keep the backend's prompt cache on one conversation: derived from `prompt_cache_key`. */
export function sessionHeaders(body: Json, clientHeaders: Record<string, string | string[] | undefined>): Record<string, string> {
  const key = typeof body['prompt_cache_key'] === 'string' && body['prompt_cache_key'] !== '' ? body['prompt_cache_key'] : null;
  const clientSession = clientHeaders['session_id'] ?? clientHeaders['session-id'];
  if (typeof clientSession === 'string') return {};
  return key ? { session_id: key, 'x-codex-window-id': `${key}:0` } : {};
}

/**
 * The Codex CLI's own headers, passed on as it sent them when it is the client (session, turn and window ids,
 * sub-agent, beta features): they are how the backend keeps its cache and routes its sub-agents.
 */
export const CODEX_CLIENT_HEADERS = [
  'accept',
  'session_id',
  'session-id',
  'thread-id',
  'x-client-request-id',
  'x-codex-window-id',
  'x-codex-turn-metadata',
  'x-codex-turn-state',
  'x-codex-beta-features',
  'x-openai-internal-codex-responses-lite',
  'x-openai-subagent',
] as const;
