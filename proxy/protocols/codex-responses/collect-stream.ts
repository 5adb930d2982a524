import { parseSse } from '../../wire/sse.js';

/**
 * The Codex backend only streams: a Responses client that asked for one JSON answer gets the stream drained into
 * it. The backend's `response.completed` carries an empty `output`, so the items come from the
 * `response.output_item.done` events, in output order (PROTOCOLS.md §2 "Stream"). A stream that ends without a
 * terminal event, or with `response.failed`, is not an answer: null, and the caller reports it.
 */
export async function collectResponse(body: ReadableStream<Uint8Array>): Promise<{ response: Record<string, unknown> } | { failed: Record<string, unknown> } | null> {
  const items = new Map<number, unknown>();
  for await (const event of parseSse(body)) {
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      return null;
    }
    if (typeof json !== 'object' || json === null) continue;
    const data = json as Record<string, unknown>;
    if (data['type'] === 'response.output_item.done' && typeof data['output_index'] === 'number') items.set(data['output_index'], data['item']);
    if (data['type'] === 'error') return { failed: { error: data } };
    if (data['type'] === 'response.failed') return { failed: { error: (data['response'] as Record<string, unknown> | undefined)?.['error'] ?? null } };
    if ((data['type'] === 'response.completed' || data['type'] === 'response.incomplete') && typeof data['response'] === 'object' && data['response'] !== null) {
      const response = data['response'] as Record<string, unknown>;
      const reported = Array.isArray(response['output']) ? response['output'] : [];
      const output = reported.length > 0 ? reported : [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
      return { response: { ...response, output } };
    }
  }
  return null;
}
