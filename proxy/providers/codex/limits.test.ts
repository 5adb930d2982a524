import { describe, expect, it } from 'vitest';
import { fetchCodexUsage, quotaFromCodexHeaders } from './limits.js';

const NOW = new Date('2026-12-06T08:00:00Z');

describe('Codex usage windows', () => {
  it('names windows by their length, not their slot: a weekly window in the primary slot is the weekly one', () => {
    const weeklyOnly = quotaFromCodexHeaders(new Headers({ 'x-codex-primary-used-percent': '37', 'x-codex-primary-window-minutes': '10080', 'x-codex-primary-reset-at': '1796601600' }), NOW);
    expect(weeklyOnly?.windows).toEqual([{ name: 'seven_day', label: 'weekly limit', usedPercent: 37, resetsAt: new Date(1796601600 * 1000).toISOString() }]);
    const both = quotaFromCodexHeaders(
      new Headers({ 'x-codex-primary-used-percent': '12', 'x-codex-primary-window-minutes': '300', 'x-codex-primary-reset-after-seconds': '600', 'x-codex-secondary-used-percent': '40', 'x-codex-secondary-window-minutes': '10080' }),
      NOW,
    );
    expect(both?.windows.map((window) => [window.name, window.usedPercent, window.resetsAt])).toEqual([
      ['five_hour', 12, new Date(NOW.getTime() + 600_000).toISOString()],
      ['seven_day', 40, null],
    ]);
    expect(quotaFromCodexHeaders(new Headers(), NOW)).toBeNull();
  });

  it('reads wham/usage with the current token', async () => {
    let seen: Headers | null = null;
    const snapshot = await fetchCodexUsage({
      baseUrl: 'http://backend.test/backend-api',
      headers: { authorization: 'Bearer at', 'chatgpt-account-id': 'ws' },
      timeoutMs: 1000,
      now: () => NOW.getTime(),
      fetch: async (_url, init) => {
        seen = new Headers(init?.headers);
        return Response.json({ plan_type: 'plus', rate_limit: { primary_window: { used_percent: 5, limit_window_seconds: 18000, reset_after_seconds: 60 }, secondary_window: { used_percent: 50, limit_window_seconds: 604800, reset_at: 1796601600 } } });
      },
    });
    expect(seen!.get('chatgpt-account-id')).toBe('ws');
    expect(snapshot.windows.map((window) => [window.name, window.usedPercent])).toEqual([['five_hour', 5], ['seven_day', 50]]);
    expect(snapshot.source).toBe('usage-endpoint');
  });
});
