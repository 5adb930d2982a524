import { IDLE, IdleTimer } from './idle-timer.js';
import type { IREvent } from './ir.js';

/**
 * Passes IR events through; when the source is silent for `idleMs`, or breaks, it ends with an IR error event
 * instead, so a renderer always gets to close the client's stream properly.
 */
export async function* guardStream(source: AsyncIterable<IREvent>, idleMs: number, upstreamName: string): AsyncGenerator<IREvent> {
  const iterator = source[Symbol.asyncIterator]();
  const idle = new IdleTimer(idleMs);
  try {
    for (;;) {
      idle.restart(); // only the wait for the source counts, not the time the consumer takes
      let next: IteratorResult<IREvent> | typeof IDLE;
      try {
        next = await idle.race(iterator.next());
      } catch (error) {
        yield { type: 'error', error: { kind: 'api_error', status: 502, message: `the ${upstreamName} stream broke: ${error instanceof Error ? error.message : String(error)}` } };
        return;
      }
      if (next === IDLE) {
        yield { type: 'error', error: { kind: 'timeout', status: 504, message: `${upstreamName} sent nothing for ${Math.round(idleMs / 1000)}s` } };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    idle.clear();
    // Not awaited: after a timeout the source may still be blocked; the caller's abort signal ends it.
    void iterator.return?.()?.catch(() => {});
  }
}
