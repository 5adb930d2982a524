import { describe, expect, it } from 'vitest';
import { AccountRuntimes } from './account-runtime.js';

describe('AccountRuntimes', () => {
  it("cools down until the provider's own reset time", () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const runtimes = new AccountRuntimes(() => now);
    const until = runtimes.recordFailure('a', { class: 'rate_limit', retryAt: new Date('2026-11-23T14:05:00Z'), reason: '5-hour limit' });
    expect(until).toBe(Date.parse('2026-11-23T14:05:02Z'));
    expect(runtimes.isCooling('a')).toBe(true);
    expect(runtimes.get('a')).toMatchObject({ cooldownReason: '5-hour limit', errors: 1, consecutiveFailures: 1 });
  });

  it('backs off exponentially with jitter when no reset time is given, up to a cap', () => {
    let now = 0;
    const runtimes = new AccountRuntimes(() => now, () => 0.5);
    const delays = [1, 2, 3, 4, 10].map(() => (runtimes.recordFailure('a', { class: 'overloaded', retryAt: null, reason: 'overloaded' }) ?? 0) - now);
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    for (let i = 0; i < 10; i++) runtimes.recordFailure('a', { class: 'overloaded', retryAt: null, reason: 'overloaded' });
    now = 0;
    expect((runtimes.get('a').cooldownUntil ?? 0) - now).toBeLessThanOrEqual(120_000);
  });

  it('does not cool down for failures another account would share, and a success clears the cooldown', () => {
    const runtimes = new AccountRuntimes(() => 0);
    expect(runtimes.recordFailure('a', { class: 'bad_request', retryAt: null, reason: 'bad' })).toBeNull();
    expect(runtimes.isCooling('a')).toBe(false);
    runtimes.recordFailure('a', { class: 'network', retryAt: null, reason: 'down' });
    runtimes.recordSuccess('a');
    expect(runtimes.isCooling('a')).toBe(false);
    expect(runtimes.get('a').consecutiveFailures).toBe(0);
  });
});
