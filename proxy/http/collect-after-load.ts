import { createLogger } from '../log.js';
import type { ConnectionTracker } from './connection-tracker.js';

const log = createLogger('http/memory');

/** How long the server must have had no request in flight before what a load left behind is collected. */
export const QUIET_BEFORE_COLLECTING_MS = 10_000;

export interface CollectAfterLoadOptions {
  /** The collection: lowMemoryCollection() in the server. */
  collect: () => Promise<unknown>;
  quietMs?: number;
}

/**
 * Gives the memory a load used back once the server has gone quiet. V8 collects its old space only when
 * allocation asks for it, so when the requests stop, what they promoted stays (measured: 400 MB above idle right
 * after a load on every bench path, still 95 MB above idle 45 s after a load on one; README, Performance). Once
 * no request has been in flight for `quietMs` after one was served, one memory-reducing collection runs; an idle
 * server never runs one, and none runs while a request is in flight. It takes the main thread for ~0.1 s on a
 * ~40 MB heap (a request that comes just then waits that long), once per quiet period. Returns a function that
 * stops it.
 */
export function collectAfterLoad(activity: Pick<ConnectionTracker, 'onActivity'>, options: CollectAfterLoadOptions): () => void {
  const quietMs = options.quietMs ?? QUIET_BEFORE_COLLECTING_MS;
  let timer: NodeJS.Timeout | undefined;

  const collect = () => {
    timer = undefined;
    const before = process.memoryUsage();
    const started = performance.now();
    options.collect().then(
      () => {
        const after = process.memoryUsage();
        log.debug({ ms: Math.round(performance.now() - started), rssMb: [toMb(before.rss), toMb(after.rss)], heapUsedMb: [toMb(before.heapUsed), toMb(after.heapUsed)] }, 'memory collected after the load');
      },
      (error: unknown) => log.warn({ error: String(error) }, 'could not collect the memory after the load'),
    );
  };
  const stopListening = activity.onActivity({
    busy: () => {
      clearTimeout(timer);
      timer = undefined;
    },
    quiet: () => {
      timer = setTimeout(collect, quietMs);
      timer.unref();
    },
  });
  return () => {
    stopListening();
    clearTimeout(timer);
  };
}

const toMb = (bytes: number) => Math.round(bytes / 104857.6) / 10;
