import { describe, expect, it } from 'vitest';
import { runLoad } from './load-run.js';

/**
 * The memory is measured again a minute after the load, as #13 asks: V8 gives a grown heap back only after some
 * quiet time (measured here: 35–40 s), so a shorter wait would only measure V8's patience. The test is mostly
 * that wait; nothing in it depends on how fast anything runs: its bounds are on errors and memory.
 * SWITCHBOARD_LOAD_SETTLE_SECONDS changes the wait, for trying it by hand.
 */
const settleSeconds = Number(process.env.SWITCHBOARD_LOAD_SETTLE_SECONDS ?? 60);

describe('load: 200 concurrent streams and 2 000 idle keep-alive connections', () => {
  it('answers every stream whole, keeps every connection, and gives its memory back', { timeout: 120_000 + settleSeconds * 1000 }, async () => {
    const result = await runLoad({ streams: 200, idleConnections: 2000, holdMs: 2000, settleMs: settleSeconds * 1000 });
    console.info(`load: ${JSON.stringify({ ...result, errors: result.errors.length, settleSeconds })}`);
    expect(result.errors.slice(0, 20)).toEqual([]);
    expect(result.streamsCompleted).toBe(200);
    expect(result.connectionsHeld).toBe(2000);
    // Back within 20 % of the idle server's memory a minute after the load.
    expect(result.rssMb.after).toBeLessThanOrEqual(result.rssMb.idle * 1.2);
  });
});
