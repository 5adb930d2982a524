import type { IREvent } from './ir.js';

/**
 * Passes IR events through; when the source is silent for `idleMs`, or breaks, it ends with an IR error event
 * instead, so a renderer always gets to close the client's stream properly.
 */
export async function* guardStream(source: AsyncIterable<IREvent>, idleMs: number, upstreamName: string): AsyncGenerator<IREvent> {
  const iterator = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      const silence = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), idleMs);
      });
      let next: IteratorResult<IREvent> | 'idle';
      try {
        next = await Promise.race([iterator.next(), silence]);
      } catch (error) {
        yield { type: 'error', error: { kind: 'api_error', status: 502, message: `the ${upstreamName} stream broke: ${error instanceof Error ? error.message : String(error)}` } };
        return;
      } finally {
        clearTimeout(timer);
      }
      if (next === 'idle') {
        yield { type: 'error', error: { kind: 'timeout', status: 504, message: `${upstreamName} sent nothing for ${Math.round(idleMs / 1000)}s` } };
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Not awaited: after a timeout the source may still be blocked; the caller's abort signal ends it.
    void iterator.return?.()?.catch(() => {});
  }
}
