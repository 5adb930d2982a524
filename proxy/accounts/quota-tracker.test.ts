import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuotaSnapshot, QuotaWindow } from './quota.js';
import { QuotaTracker } from './quota-tracker.js';

const MINUTE = 60 * 1000;
const START = Date.parse('2026-09-01T12:00:00.000Z');

function clock() {
  let now = START;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const window = (name: string, usedPercent: number): QuotaWindow => ({ name, label: name, usedPercent, resetsAt: null });
const snapshot = (source: QuotaSnapshot['source'], at: number, windows: QuotaWindow[]): QuotaSnapshot => ({ windows, source, observedAt: new Date(at).toISOString() });

/** A fetcher that counts its calls and answers the endpoint's windows as observed at the clock's time. */
function endpoint(now: () => number, windows: QuotaWindow[] = [window('five_hour', 10)]) {
  const fetcher = vi.fn(() => Promise.resolve(snapshot('usage-endpoint', now(), windows)));
  return fetcher;
}

describe('QuotaTracker.refresh', () => {
  it('reads the endpoint at most every minIntervalMs (default 5 minutes)', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now });
    const fetcher = endpoint(time.now);
    await tracker.refresh('a', fetcher);
    time.advance(4 * MINUTE);
    const cached = await tracker.refresh('a', fetcher);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(cached?.windows).toEqual([window('five_hour', 10)]);
    time.advance(MINUTE);
    await tracker.refresh('a', fetcher);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('reads at once when forced', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now, minIntervalMs: 10 * MINUTE });
    const fetcher = endpoint(time.now);
    await tracker.refresh('a', fetcher);
    await tracker.refresh('a', fetcher, { force: true });
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('shares one read among 10 concurrent refreshes of an account, forced ones too', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now });
    let answer: (value: QuotaSnapshot) => void = () => undefined;
    const fetcher = vi.fn(() => new Promise<QuotaSnapshot>((resolve) => (answer = resolve)));
    const results = Array.from({ length: 10 }, (_, index) => tracker.refresh('a', fetcher, { force: index % 2 === 0 }));
    answer(snapshot('usage-endpoint', time.now(), [window('seven_day', 30)]));
    const quotas = await Promise.all(results);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(new Set(quotas.map((quota) => quota?.windows[0]?.usedPercent))).toEqual(new Set([30]));
  });

  it('reads different accounts independently', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now });
    const fetcher = endpoint(time.now);
    await Promise.all([tracker.refresh('a', fetcher), tracker.refresh('b', fetcher)]);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('never throws: records the error, keeps the windows, clears the error after a success', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now, minIntervalMs: MINUTE });
    await tracker.refresh('a', endpoint(time.now, [window('five_hour', 12)]));
    time.advance(MINUTE);
    const failed = await tracker.refresh('a', () => Promise.reject(new Error('Anthropic refused the access token (HTTP 401)')));
    expect(failed).toMatchObject({ windows: [window('five_hour', 12)], lastError: 'Anthropic refused the access token (HTTP 401)' });
    expect(tracker.get('a')?.lastError).toBe('Anthropic refused the access token (HTTP 401)');
    time.advance(MINUTE);
    await tracker.refresh('a', () => {
      throw new Error('thrown before any promise');
    });
    expect(tracker.get('a')?.lastError).toBe('thrown before any promise');
    time.advance(MINUTE);
    await tracker.refresh('a', endpoint(time.now, [window('five_hour', 14)]));
    expect(tracker.get('a')).toMatchObject({ windows: [window('five_hour', 14)], lastError: null });
  });

  it('counts a failed read for the interval, so a failing endpoint is not hammered', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now });
    const failing = vi.fn(() => Promise.reject(new Error('HTTP 500')));
    await tracker.refresh('a', failing);
    await tracker.refresh('a', failing);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(tracker.get('a')).toEqual({ windows: [], source: 'usage-endpoint', observedAt: new Date(START).toISOString(), lastError: 'HTTP 500' });
  });
});

describe('QuotaTracker.record and get', () => {
  it('knows nothing of an account it never saw', () => {
    expect(new QuotaTracker().get('nobody')).toBeUndefined();
  });

  it('merges header and endpoint snapshots window by window, the latest observation winning', async () => {
    const time = clock();
    const tracker = new QuotaTracker({ now: time.now });
    await tracker.refresh('a', endpoint(time.now, [window('five_hour', 10), window('seven_day', 20), window('seven_day_sonnet', 5)]));
    time.advance(MINUTE);
    tracker.record('a', snapshot('headers', time.now(), [window('five_hour', 15), window('seven_day', 21)]));
    expect(tracker.get('a')).toEqual({
      windows: [window('five_hour', 15), window('seven_day', 21), window('seven_day_sonnet', 5)],
      source: 'headers',
      observedAt: new Date(START + MINUTE).toISOString(),
      lastError: null,
    });

    // A reading that was taken before the headers arrived does not undo them.
    tracker.record('a', snapshot('usage-endpoint', START + 30_000, [window('five_hour', 11), window('seven_day_sonnet', 6)]));
    expect(tracker.get('a')?.windows).toEqual([window('five_hour', 15), window('seven_day', 21), window('seven_day_sonnet', 6)]);
    expect(tracker.get('a')?.source).toBe('headers');
  });

  it('forgets a removed account', () => {
    const tracker = new QuotaTracker();
    tracker.record('a', snapshot('headers', START, [window('five_hour', 1)]));
    tracker.forget('a');
    expect(tracker.get('a')).toBeUndefined();
  });
});

describe('QuotaTracker.startBackgroundPolling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads each account once per interval, staggered across it, until stopped', async () => {
    vi.useFakeTimers({ now: START });
    const tracker = new QuotaTracker({ now: () => Date.now(), minIntervalMs: MINUTE });
    const calls: { id: string; at: number }[] = [];
    const account = (id: string) => ({ id, fetcher: () => (calls.push({ id, at: Date.now() - START }), Promise.resolve(snapshot('usage-endpoint', Date.now(), []))) });
    const accounts = [account('a'), account('b'), account('c')];
    const stop = tracker.startBackgroundPolling(() => accounts, 15 * MINUTE);

    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(calls).toEqual([
      { id: 'a', at: 5 * MINUTE },
      { id: 'b', at: 10 * MINUTE },
      { id: 'c', at: 15 * MINUTE },
    ]);
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(calls.slice(3).map((call) => [call.id, call.at])).toEqual([
      ['a', 20 * MINUTE],
      ['b', 25 * MINUTE],
      ['c', 30 * MINUTE],
    ]);

    stop();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(calls).toHaveLength(6);
  });

  it('skips an account that was read on demand within the interval', async () => {
    vi.useFakeTimers({ now: START });
    const tracker = new QuotaTracker({ now: () => Date.now(), minIntervalMs: MINUTE });
    const fetcher = vi.fn(() => Promise.resolve(snapshot('usage-endpoint', Date.now(), [])));
    const stop = tracker.startBackgroundPolling(() => [{ id: 'a', fetcher }], 15 * MINUTE);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    await tracker.refresh('a', fetcher, { force: true });
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(fetcher).toHaveBeenCalledTimes(2);
    stop();
  });
});
