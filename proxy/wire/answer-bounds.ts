import type { IRError } from './ir.js';

/**
 * The most of one upstream answer Switchboard holds in memory: a whole (non-streaming) body, one server-sent event,
 * the text a renderer keeps to repeat in its closing events. A real answer is far smaller — 128k output tokens
 * are well under 1 MB of text — so an upstream that sends more is broken or hostile, and its answer ends in an
 * error instead of growing the proxy's memory without bound.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** "16 MiB" */
export const MAX_ANSWER_SIZE = `${MAX_ANSWER_BYTES / (1024 * 1024)} MiB`;

/** How an answer over MAX_ANSWER_BYTES is reported (`what`: "the answer", "one event"…). */
export function answerTooLargeError(what: string): IRError {
  return { kind: 'api_error', status: 502, message: `${what} from the upstream is larger than ${MAX_ANSWER_SIZE}, more than Switchboard holds for one answer` };
}
