import { readUpstreamText } from '../../upstream/network-failure.js';
import { formatSse, parseSse } from '../../wire/sse.js';
import type { UpstreamResponse } from '../protocol.js';

/**
 * How a Codex backend answer reaches a Responses client that is not the Codex CLI: the backend's `{"detail": …}`
 * errors in the OpenAI shape the client's SDK reads (`{"error": {message, type, code, param}}`), and the stream
 * without the backend's own `codex.*` events, which the OpenAI SDKs refuse as unknown ("Unhandled response stream
 * event"), its final response whole. The Codex CLI gets the answers as the backend sent them.
 */
export async function inOpenAIErrorShape(answer: UpstreamResponse): Promise<UpstreamResponse> {
  const { text, cut } = await readUpstreamText(answer.body);
  let json: unknown = null;
  try {
    json = cut ? null : JSON.parse(text);
  } catch {
    // Not JSON (an HTML page): relayed as it was, for the route to replace with an error of its own.
  }
  const detail = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)['detail'] : undefined;
  if (detail === undefined) return { ...answer, body: new Response(text).body };
  const message = typeof detail === 'string' ? detail : typeof detail === 'object' && detail !== null && typeof (detail as { message?: unknown }).message === 'string' ? (detail as { message: string }).message : JSON.stringify(detail);
  const code = typeof detail === 'object' && detail !== null && typeof (detail as { code?: unknown }).code === 'string' ? (detail as { code: string }).code : null;
  const headers = new Headers(answer.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const type = answer.status === 401 ? 'invalid_request_error' : answer.status >= 500 ? 'server_error' : 'invalid_request_error';
  return { ...answer, headers, body: new Response(JSON.stringify({ error: { message, type, code, param: null } })).body };
}

/**
 * The stream as the OpenAI SDKs read it: without `codex.*` events, and with the final response's `output` filled
 * from the `response.output_item.done` items (the backend sends it empty; the SDKs' final response is read from it).
 */
export function asOpenAIStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const events = parseSse(body)[Symbol.asyncIterator]();
  const items = new Map<number, unknown>();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const next = await events.next();
        if (next.done) return controller.close();
        const { event } = next.value;
        const parsed = parseObject(next.value.data);
        const type = typeof parsed?.['type'] === 'string' ? parsed['type'] : event;
        if (type.startsWith('codex.')) continue;
        if (type === 'response.output_item.done' && typeof parsed?.['output_index'] === 'number') items.set(parsed['output_index'], parsed['item']);
        const response = parsed?.['response'];
        const filled =
          (type === 'response.completed' || type === 'response.incomplete') && isRecord(response) && Array.isArray(response['output']) && response['output'].length === 0 && items.size > 0
            ? JSON.stringify({ ...parsed, response: { ...response, output: [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item) } })
            : next.value.data;
        controller.enqueue(encoder.encode(formatSse({ event, data: filled })));
        return;
      }
    },
    async cancel(reason) {
      await events.return?.(reason);
    },
  });
}

function parseObject(data: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(data);
    return isRecord(json) ? json : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
