import type { PassthroughWatch, PassthroughWatchOptions } from '../protocol.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { describeIssue, sseStreamWatch, wholeBodyWatch, type StreamWatchSink } from '../passthrough-watches.js';
import { chatChunkSchema, chatCompletionSchema } from './chat-upstream-api.js';
import { chatUsageToIr } from './chat-usage-to-ir.js';

export type ChatWatchOptions = Pick<PassthroughWatchOptions, 'eventStream' | 'onErrorEvent'>;

/**
 * Watches a Chat Completions answer passed through to a Chat client unchanged (see PassthroughWatch). A stream is
 * whole once it sent `[DONE]`, or a chunk with a finish_reason (some compatible servers never send [DONE]), or its
 * own `{"error": …}` event, which the client has then seen. Every event must be JSON of a chunk. Usage comes from
 * the chunk that carries it (the client asked with stream_options.include_usage) or from the body.
 */
export function chatPassthroughWatch(options: ChatWatchOptions): PassthroughWatch {
  if (!options.eventStream) {
    return wholeBodyWatch('the upstream', 'chat.completion', (json) => {
      const parsed = chatCompletionSchema.safeParse(json);
      if (!parsed.success) return { ok: false, message: describeIssue(parsed.error.issues[0]) };
      return { ok: true, usage: parsed.data.usage ? chatUsageToIr(parsed.data.usage) : null };
    });
  }
  return sseStreamWatch(readStreamEvent, options.onErrorEvent);
}

function readStreamEvent(event: ParsedSseEvent, sink: StreamWatchSink): void {
  const data = event.data.trim();
  if (data === '') return;
  if (data === '[DONE]') {
    sink.finish();
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    sink.fail(`the upstream sent a Chat stream event that is not JSON (it starts ${JSON.stringify(data.slice(0, 40))})`);
    return;
  }
  if (typeof json === 'object' && json !== null && 'error' in json) {
    sink.errorEvent(openAIStreamErrorToIr(json));
    return;
  }
  const chunk = chatChunkSchema.safeParse(json);
  if (!chunk.success) {
    sink.fail(`the upstream sent a malformed chat.completion.chunk: ${describeIssue(chunk.error.issues[0])}`);
    return;
  }
  if (chunk.data.choices?.some((choice) => choice.finish_reason)) sink.mayEnd();
  if (chunk.data.usage) sink.report(chatUsageToIr(chunk.data.usage));
}
