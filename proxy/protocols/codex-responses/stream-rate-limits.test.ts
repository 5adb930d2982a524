import { describe, expect, it } from 'vitest';
import { withStreamRateLimits } from './stream-rate-limits.js';

const frame = (event: Record<string, unknown>) => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`;
const window = (used: number, minutes: number) => ({ used_percent: used, window_minutes: minutes, reset_at: 1_900_000_000 });

/** A stream answer in chunks that cut events anywhere. */
function answer(text: string, headers: Record<string, string> = {}) {
  const bytes = new TextEncoder().encode(text);
  const chunks = [bytes.slice(0, 7), bytes.slice(7, 150), bytes.slice(150)];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return { status: 200, headers: new Headers({ 'content-type': 'text/event-stream', ...headers }), body };
}

describe("the stream's codex.rate_limits event", () => {
  const opening = frame({ type: 'response.created', response: { id: 'r' } }) + frame({ type: 'response.in_progress', response: { id: 'r' } });
  const content = frame({ type: 'response.output_text.delta', delta: 'hi' }) + frame({ type: 'response.completed', response: { id: 'r', output: [] } });

  it('sets its windows and credits on the headers, over older ones, and passes the body on byte for byte', async () => {
    const text = opening + frame({ type: 'codex.rate_limits', rate_limits: { primary: window(55, 10080), secondary: null }, credits: { has_credits: true, unlimited: false, balance: '3' } }) + content;
    const read = await withStreamRateLimits(answer(text, { 'x-codex-primary-used-percent': '10', 'x-codex-primary-window-minutes': '300' }));
    expect(read.headers.get('x-codex-primary-used-percent')).toBe('55');
    expect(read.headers.get('x-codex-primary-window-minutes')).toBe('10080');
    expect(read.headers.get('x-codex-credits-balance')).toBe('3');
    expect(await new Response(read.body).text()).toBe(text);
  });

  it("leaves the headers alone for another limit family's event, or when content comes first", async () => {
    const spark = opening + frame({ type: 'codex.rate_limits', limit_name: 'spark', rate_limits: { primary: window(99, 300) } }) + content;
    const family = await withStreamRateLimits(answer(spark));
    expect(family.headers.has('x-codex-primary-used-percent')).toBe(false);
    expect(await new Response(family.body).text()).toBe(spark);
    const late = opening + content + frame({ type: 'codex.rate_limits', rate_limits: { primary: window(70, 300) } });
    const after = await withStreamRateLimits(answer(late));
    expect(after.headers.has('x-codex-primary-used-percent')).toBe(false);
    expect(await new Response(after.body).text()).toBe(late);
  });
});
