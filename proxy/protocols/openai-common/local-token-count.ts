import { countO200kTokens as countTokens } from '../o200k-tokens.js'; // o200k_base: the encoding of GPT-4o, GPT-4.1, o-series and GPT-5 models

/**
 * Counts, here, the input tokens of a request body as an OpenAI upstream would see it (Chat Completions `messages`
 * or Responses `instructions` + `input`, and `tools`): for upstreams that cannot count tokens themselves (the ChatGPT
 * backend answers its `/responses/input_tokens` with an HTML 403). An estimate: the text is counted exactly, the
 * framing around it the way OpenAI's cookbook counts chat messages, an image at a fixed size.
 */
type Json = Record<string, unknown>;

/** Each message's framing (its role and separators), and the priming of the answer that follows them. */
const TOKENS_PER_MESSAGE = 3;
const PRIMING_TOKENS = 3;
/** An image as a 1024×1024 picture at high detail costs (85 base + 4 tiles × 170); the size is not read here. */
const TOKENS_PER_IMAGE = 765;

/** Fields that carry no text the model reads: ids, kinds, opaque state, pictures (counted apart). */
const UNREAD_FIELDS = new Set(['type', 'id', 'call_id', 'tool_call_id', 'status', 'encrypted_content', 'image_url', 'file_data', 'detail', 'cache_control', 'prompt_cache_breakpoint']);
const IMAGE_TYPES = new Set(['input_image', 'image_url', 'image']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function countOpenAIInputTokens(body: Json): number {
  const items = [...asArray(body['messages']), ...asArray(body['input'])];
  const instructions = typeof body['instructions'] === 'string' && body['instructions'] !== '' ? body['instructions'] : null;
  let total = PRIMING_TOKENS + TOKENS_PER_MESSAGE * (items.length + (instructions === null ? 0 : 1));
  if (instructions !== null) total += countTokens(instructions);
  if (typeof body['input'] === 'string') total += TOKENS_PER_MESSAGE + countTokens(body['input']);
  for (const item of items) total += readTokens(item);
  // A tool's definition reaches the model as text: its name, description and parameter schema.
  for (const tool of asArray(body['tools'])) total += countTokens(JSON.stringify(tool));
  return total;
}

/** The tokens of the text in a message or item, its images at their fixed size. */
function readTokens(value: unknown): number {
  if (typeof value === 'string') return countTokens(value);
  if (Array.isArray(value)) return value.reduce<number>((sum, entry) => sum + readTokens(entry), 0);
  if (!isObject(value)) return 0;
  let total = typeof value['type'] === 'string' && IMAGE_TYPES.has(value['type']) ? TOKENS_PER_IMAGE : 0;
  for (const [field, entry] of Object.entries(value)) if (!UNREAD_FIELDS.has(field) && field !== 'role') total += readTokens(entry);
  return total;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
