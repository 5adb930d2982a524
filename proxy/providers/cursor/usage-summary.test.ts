import { describe, expect, it } from 'vitest';
import { fetchCursorUsage, readCursorPlan } from './usage-summary.js';

const NOW = Date.parse('2026-12-06T08:00:00Z');
const CYCLE_END = '2026-12-20T00:00:00.000Z';

function answering(status: number, body: unknown): { fetch: typeof fetch; seen: Request[] } {
  const seen: Request[] = [];
  const fake = (input: string | URL | Request, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  };
  return { fetch: fake as typeof fetch, seen };
}

describe('Cursor plan usage', () => {
  it('reads the total, Cursor-models, other-models and on-demand meters, each resetting at the billing cycle end', async () => {
    const { fetch, seen } = answering(200, {
      membershipType: 'pro',
      billingCycleStart: '2026-11-20T00:00:00.000Z',
      billingCycleEnd: CYCLE_END,
      individualUsage: { plan: { enabled: true, used: 900, limit: 2000, remaining: 1100, totalPercentUsed: 45, autoPercentUsed: 30, apiPercentUsed: 62.5 }, onDemand: { enabled: true, used: 500, limit: 2000, remaining: 1500 } },
    });
    const snapshot = await fetchCursorUsage({ baseUrl: 'https://api2.example/', accessToken: 'tok', fetch, timeoutMs: 1000, now: () => NOW });
    expect(seen[0]?.url).toBe('https://api2.example/auth/usage-summary');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(snapshot).toEqual({
      windows: [
        { name: 'plan', label: 'plan usage', usedPercent: 45, resetsAt: CYCLE_END },
        { name: 'cursor_models', label: 'Cursor models', usedPercent: 30, resetsAt: CYCLE_END },
        { name: 'other_models', label: 'Other models', usedPercent: 62.5, resetsAt: CYCLE_END },
        { name: 'on_demand', label: 'on-demand spending', usedPercent: 25, resetsAt: CYCLE_END },
      ],
      source: 'usage-endpoint',
      observedAt: new Date(NOW).toISOString(),
    });
  });

  it('derives the total from used and limit, takes epoch-millisecond dates, and leaves out on-demand when it is off', async () => {
    const { fetch } = answering(200, { billingCycleEnd: String(Date.parse(CYCLE_END)), individualUsage: { plan: { used: 50, limit: 200 }, onDemand: { enabled: false, used: 0, limit: 0 } } });
    const snapshot = await fetchCursorUsage({ baseUrl: 'https://api2.example', accessToken: 'tok', fetch, timeoutMs: 1000, now: () => NOW });
    expect(snapshot.windows).toEqual([{ name: 'plan', label: 'plan usage', usedPercent: 25, resetsAt: CYCLE_END }]);
  });

  it('fails in words on a refusal or a body it cannot read', async () => {
    await expect(fetchCursorUsage({ baseUrl: 'https://api2.example', accessToken: 'tok', fetch: answering(401, {}).fetch, timeoutMs: 1000 })).rejects.toThrow('HTTP 401');
    await expect(fetchCursorUsage({ baseUrl: 'https://api2.example', accessToken: 'tok', fetch: answering(200, { billingCycleEnd: { when: 'soon' } }).fetch, timeoutMs: 1000 })).rejects.toThrow('cannot read');
  });

  it("reads a new login's plan from membershipType, and none (no failure) when the summary cannot be read", async () => {
    const call = { baseUrl: 'https://api2.example', accessToken: 'tok', timeoutMs: 1000 };
    expect(await readCursorPlan({ ...call, fetch: answering(200, { membershipType: 'pro' }).fetch })).toBe('pro');
    expect(await readCursorPlan({ ...call, fetch: answering(200, {}).fetch })).toBeNull();
    expect(await readCursorPlan({ ...call, fetch: answering(401, {}).fetch })).toBeNull();
  });
});
