import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectAfterLoad } from './collect-after-load.js';
import { ConnectionTracker } from './connection-tracker.js';

const QUIET_MS = 10_000;

/** A server that is never listening: its requests are emitted, each answer closed by the test. */
function setup() {
  const server = createServer();
  const collect = vi.fn(async () => {});
  const stop = collectAfterLoad(new ConnectionTracker(server), { collect, quietMs: QUIET_MS });
  const request = () => {
    const res = new EventEmitter();
    server.emit('request', {}, res);
    return { end: () => res.emit('close') };
  };
  return { collect, stop, request };
}

describe('collectAfterLoad', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects once when the server has been quiet for the whole wait after serving', () => {
    const { collect, request } = setup();
    request().end();
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * QUIET_MS);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('never collects on a server that served nothing', () => {
    const { collect } = setup();
    vi.advanceTimersByTime(10 * QUIET_MS);
    expect(collect).not.toHaveBeenCalled();
  });

  it('never collects while a request is in flight, however long it runs', () => {
    const { collect, request } = setup();
    const long = request();
    request().end();
    vi.advanceTimersByTime(10 * QUIET_MS);
    expect(collect).not.toHaveBeenCalled();
    long.end();
    vi.advanceTimersByTime(QUIET_MS);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('starts the wait again when a request comes before it is over', () => {
    const { collect, request } = setup();
    request().end();
    vi.advanceTimersByTime(QUIET_MS - 1);
    const next = request();
    vi.advanceTimersByTime(QUIET_MS);
    next.end();
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects again after a later load', () => {
    const { collect, request } = setup();
    request().end();
    vi.advanceTimersByTime(QUIET_MS);
    request().end();
    vi.advanceTimersByTime(QUIET_MS);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('collects nothing once stopped, not even for a request that ends after', () => {
    const { collect, request, stop } = setup();
    const open = request();
    stop();
    open.end();
    request().end();
    vi.advanceTimersByTime(10 * QUIET_MS);
    expect(collect).not.toHaveBeenCalled();
  });
});
