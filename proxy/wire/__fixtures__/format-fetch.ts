import { aggregateStream } from '../aggregate.js';
import type { IRError, IREvent, IRRequest } from '../ir.js';
import { formatSse, type SseFrame } from '../sse.js';
import { translateAll } from '../stream-translator.js';
import type { RenderContext, WireFormat } from '../wire-format.js';

/** Test helper (not a shipped code path). */

/** What the stand-in answers a request with: the IR events of a response, or an error before streaming. */
export type Answer = IREvent[] | { error: IRError };

export interface FormatFetchOptions {
  /** The response id every answer carries. */
  responseId: string;
  /** How a frame goes on the wire (default: formatSse). */
  writeFrame?: (frame: SseFrame) => string;
}

/**
 * A `fetch` for an official SDK client that answers as Switchboard would, without a server: the SDK's body goes
 * through the format's parser and the answer through its renderers (a stream or one JSON body, as the body
 * asked), so the SDK's own SSE reader, accumulators and error classes run unchanged. `served` records the
 * parsed requests with the context each was rendered for.
 */
export function formatFetch(format: WireFormat, answer: (request: IRRequest) => Answer, options: FormatFetchOptions) {
  const served: RenderContext[] = [];
  const writeFrame = options.writeFrame ?? formatSse;
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const { request } = format.parseRequest(JSON.parse(String(init?.body)));
    const context: RenderContext = { requestedModel: request.model, created: 1_760_000_000, responseId: options.responseId, request };
    served.push(context);
    const result = answer(request);
    if ('error' in result) return Response.json(format.renderError(result.error, 'req_test'), { status: result.error.status });
    if (!request.stream) return Response.json(format.renderResponse(await aggregateStream(result), context));
    const body = translateAll(format.streamRenderer(context), result).map(writeFrame).join('');
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch, served };
}
