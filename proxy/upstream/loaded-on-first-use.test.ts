import { describe, expect, it } from 'vitest';
import { loadedOnFirstUse, StackLoadError } from './loaded-on-first-use.js';

describe('loadedOnFirstUse', () => {
  it('imports nothing until first asked, then once for every caller', async () => {
    let loads = 0;
    const stack = loadedOnFirstUse('the test stack', async () => ({ loaded: ++loads }));
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([stack(), stack()]);
    expect(await stack()).toBe(first);
    expect(second).toBe(first);
    expect(loads).toBe(1);
  });

  it('fails in words naming the stack, and tries again on the next use', async () => {
    let attempts = 0;
    const stack = loadedOnFirstUse('the test stack', async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("Cannot find package '@connectrpc/connect-node'");
      return 'loaded';
    });
    const failure = await stack().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StackLoadError);
    expect((failure as Error).message).toBe("Switchboard could not load the test stack: Cannot find package '@connectrpc/connect-node'");
    expect(await stack()).toBe('loaded');
    expect(attempts).toBe(2);
  });
});
