import type { PassthroughWatch, PassthroughWatchOptions } from '../protocol.js';
import type { ParsedSseEvent } from '../../wire/sse.js';
import { openAIStreamErrorToIr } from '../openai-common/openai-error.js';
import { sseStreamWatch, wholeBodyWatch, type StreamWatchSink } from '../passthrough-watches.js';
import { responseObjectSchema } from './responses-upstream-api.js';
import { responsesUsageToIr } from './responses-usage-to-ir.js';

export type ResponsesWatchOptions = Pick<PassthroughWatchOptions, 'eventStream' | 'onErrorEvent'>;

const TERMINAL = new Set(['response.completed', 'response.incomplete']);

/**
 * Watches a Responses answer passed through to a Responses client unchanged (see PassthroughWatch). A stream is
 * whole once it sent response.completed or response.incomplete — or its own `error` or response.failed, which the
 * client has then seen. Every event must be JSON with a string `type`. Usage comes from the final response object.
 */
export function responsesPassthroughWatch(options: ResponsesWatchOptions): PassthroughWatch {
  if (!options.eventStream) {
    return wholeBodyWatch('the upstream', 'response', (json) => {
      const parsed = responseObjectSchema.safeParse(json);
      if (!parsed.success || !Array.isArray(parsed.data.output)) return { ok: false, message: 'it has no output list' };
      return { ok: true, usage: parsed.data.usage ? responsesUsageToIr(parsed.data.usage) : null };
    });
  }
  return sseStreamWatch(readStreamEvent, options.onErrorEvent);
}

function readStreamEvent(event: ParsedSseEvent, sink: StreamWatchSink): void {
  if (event.data.trim() === '') return;
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch {
    sink.fail(`the upstream sent a Responses event that is not JSON (event "${event.event}")`);
    return;
  }
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type !== 'string') {
    sink.fail(`the upstream sent a Responses event without a type (event "${event.event}")`);
    return;
  }
  if (TERMINAL.has(type)) {
    sink.finish();
    const response = responseObjectSchema.safeParse((json as { response?: unknown }).response);
    if (response.success && response.data.usage) sink.report(responsesUsageToIr(response.data.usage));
  } else if (type === 'error' || type === 'response.failed') {
    const response = (json as { response?: { error?: unknown } }).response;
    sink.errorEvent(openAIStreamErrorToIr(type === 'error' ? json : { error: response?.error ?? { message: 'the upstream failed the response' } }));
  }
}
