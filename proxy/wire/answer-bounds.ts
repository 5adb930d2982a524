import type { IREvent, IRError } from './ir.js';

/**
 * The most of one upstream answer Switchboard holds in memory: a whole (non-streaming) body and one server-sent
 * event in bytes, the content a renderer or an aggregation keeps (to repeat it in closing events, to answer it
 * whole) in characters. A real answer is far smaller — 128k output tokens are well under 1 MB of text — so an
 * upstream that sends more is broken or hostile, and its answer ends in an error instead of growing the proxy's
 * memory without bound.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** "16 MiB" */
export const MAX_ANSWER_SIZE = `${MAX_ANSWER_BYTES / (1024 * 1024)} MiB`;

/** How an answer over MAX_ANSWER_BYTES is reported (`what`: "the answer", "one event"…). */
export function answerTooLargeError(what: string): IRError {
  return { kind: 'api_error', status: 502, message: `${what} from the upstream is larger than ${MAX_ANSWER_SIZE}, more than Switchboard holds for one answer` };
}

/** The characters of content an IR event adds to what a renderer or an aggregation keeps of the answer. */
export function contentLength(event: IREvent): number {
  switch (event.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return event.text.length;
    case 'reasoning-signature':
      return event.signature.length;
    case 'tool-call-delta':
      return event.argumentsDelta.length;
    case 'reasoning-start':
      return event.encrypted?.length ?? 0;
    default:
      return 0;
  }
}
