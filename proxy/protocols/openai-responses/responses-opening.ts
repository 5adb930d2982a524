import type { ParsedSseEvent } from '../../wire/sse.js';
import { openAIStreamErrorToIr, readErrorObject } from '../openai-common/openai-error.js';
import type { OpeningEvent } from '../stream-opening.js';

/** Events that carry the answer itself: once one comes, the stream has begun for the client. */
const CONTENT_EVENTS = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.output_item.done',
  'response.completed',
  'response.incomplete',
]);

/**
 * What an event of a Responses stream's opening means (holdStreamOpening): `error` or `response.failed` before any
 * delta is a refusal, answered as an OpenAI error body; a delta or the response's end is content. Anything that is
 * not a typed event counts as content, for the stream's reader to report.
 */
export function readResponsesOpening(event: ParsedSseEvent): OpeningEvent {
  if (event.data.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch {
    return 'content';
  }
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type !== 'string') return 'content';
  if (type === 'error') return refusal(json);
  if (type === 'response.failed') return refusal({ error: (json as { response?: { error?: unknown } }).response?.error ?? null });
  return CONTENT_EVENTS.has(type) ? 'content' : null;
}

function refusal(json: unknown): OpeningEvent {
  const { type, code, message } = readErrorObject(json);
  const { status } = openAIStreamErrorToIr(json);
  return { refusal: { status, errorText: JSON.stringify({ error: { type, code, message: message ?? 'The upstream failed the response', param: null } }) } };
}
