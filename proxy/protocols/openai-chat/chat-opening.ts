import type { ParsedSseEvent } from '../../wire/sse.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import type { OpeningEvent } from '../stream-opening.js';
import { chatChunkSchema } from './chat-upstream-api.js';

/**
 * What an event of a Chat stream's opening means (holdStreamOpening): an `{"error": …}` chunk before any of the
 * answer is a refusal (its data is already an OpenAI error body); a chunk with text, reasoning, a tool call or a
 * finish reason is content; the role-only first chunk and Azure's filter results are not yet. Anything that is not
 * a chunk counts as content, for the stream's reader to report.
 */
export function readChatOpening(event: ParsedSseEvent): OpeningEvent {
  const data = event.data.trim();
  if (data === '') return null;
  if (data === '[DONE]') return 'content';
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return 'content';
  }
  if (typeof json === 'object' && json !== null && 'error' in json) return { refusal: { status: openAIStreamErrorToIr(json).status, errorText: data } };
  const chunk = chatChunkSchema.safeParse(json);
  if (!chunk.success) return 'content';
  const begun = chunk.data.choices?.some(
    ({ delta, finish_reason }) => finish_reason || delta?.content || delta?.refusal || delta?.reasoning_content || delta?.reasoning || (delta?.tool_calls?.length ?? 0) > 0,
  );
  return begun ? 'content' : null;
}
