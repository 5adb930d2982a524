import { describe, expect, it } from 'vitest';
import { createAccountMonitor } from './account-monitor.js';
import type { AccountStatus } from './account-status.js';

function adminAnswer(ids: string[]) {
  return {
    accounts: ids.map((id) => ({ id, provider: 'anthropic', email: null, label: null, enabled: true, state: 'ready', needsLogin: null, quota: null })),
  };
}

/** A fetch whose answers the test releases one by one, and a timer the test fires by hand. */
function harness(key: string | null = 'sk-sb-owner') {
  const pending: { url: string; resolve: (ids: string[]) => void; reject: (error: Error) => void }[] = [];
  const fetchImpl = ((input: URL | string) =>
    new Promise<Response>((resolve, reject) => {
      pending.push({
        url: String(input),
        resolve: (ids) => resolve(new Response(JSON.stringify(adminAnswer(ids)), { status: 200 })),
        reject,
      });
    })) as typeof fetch;
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const errors: string[] = [];
  const seen: (string[] | null)[] = [];
  const monitor = createAccountMonitor({
    fetch: fetchImpl,
    apiKey: async () => key,
    setInterval: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearInterval: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
    onError: (message) => errors.push(message),
  });
  monitor.onChange((accounts) => seen.push(accounts?.map((account: AccountStatus) => account.id) ?? null));
  return { monitor, pending, timers, errors, seen };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createAccountMonitor', () => {
  it('reads at once when the proxy comes up, then on every tick, and forgets when it stops', async () => {
    const { monitor, pending, timers, seen } = harness();
    monitor.setProxyUrl('http://127.0.0.1:8317');
    await settle();
    expect(pending.map((call) => call.url)).toEqual(['http://127.0.0.1:8317/admin/accounts']);
    expect(timers).toMatchObject([{ ms: 30_000, cleared: false }]);
    pending.shift()?.resolve(['a']);
    await settle();
    expect(monitor.current()?.map((account) => account.id)).toEqual(['a']);

    timers[0]?.run();
    await settle();
    pending.shift()?.resolve(['a']);
    await settle();
    expect(seen).toEqual([['a']]); // the same answer twice is one change

    monitor.setProxyUrl(null);
    expect(monitor.current()).toBeNull();
    expect(timers[0]?.cleared).toBe(true);
    expect(seen).toEqual([['a'], null]);
  });

  it('shares one read between callers and drops an answer meant for an address no longer current', async () => {
    const { monitor, pending, seen } = harness();
    monitor.setProxyUrl('http://127.0.0.1:8317');
    const first = monitor.refresh();
    await settle();
    expect(pending).toHaveLength(1);

    monitor.setProxyUrl('http://127.0.0.1:8318');
    await settle();
    expect(pending.map((call) => call.url)).toEqual(['http://127.0.0.1:8317/admin/accounts', 'http://127.0.0.1:8318/admin/accounts']);
    pending[0]?.resolve(['old']);
    await first;
    pending[1]?.resolve(['new']);
    await settle();
    expect(seen).toEqual([['new']]);
  });

  it('reports a failing read once and keeps what it knew', async () => {
    const { monitor, pending, timers, errors } = harness();
    monitor.setProxyUrl('http://127.0.0.1:8317');
    await settle();
    pending.shift()?.resolve(['a']);
    await settle();
    for (let tick = 0; tick < 3; tick++) {
      timers[0]?.run();
      await settle();
      pending.shift()?.reject(new Error('connection refused'));
      await settle();
    }
    expect(errors).toEqual(['connection refused']);
    expect(monitor.current()?.map((account) => account.id)).toEqual(['a']);
  });

  it('does not ask without an owner key', async () => {
    const { monitor, pending } = harness(null);
    monitor.setProxyUrl('http://127.0.0.1:8317');
    await monitor.refresh();
    expect(pending).toHaveLength(0);
  });
});
