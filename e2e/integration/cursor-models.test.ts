import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from './harness.js';
import { startCursorStack, type CursorStack } from './cursor-stack.js';

interface QuotaView {
  quota: { windows: { name: string; label: string; usedPercent: number; resetsAt: string | null }[]; source: string } | null;
}

/** Issue #17, models and limits: Cursor's plan usage as quota windows, and the models a login may use. */
describe('Cursor models and plan usage', () => {
  let stack: CursorStack;

  beforeAll(async () => {
    stack = await startCursorStack();
  });
  afterAll(() => stack.close());

  it('reads the plan usage from /auth/usage-summary as quota windows resetting at the billing cycle end', async () => {
    stack.auth.usageSummary = {
      billingCycleEnd: '2026-12-24T00:00:00.000Z',
      individualUsage: { plan: { used: 700, limit: 2000, totalPercentUsed: 35, autoPercentUsed: 20, apiPercentUsed: 55 }, onDemand: { enabled: true, used: 100, limit: 400 } },
    };
    const read = await adminCall<QuotaView>(stack, 'POST', `/admin/accounts/${stack.account.id}/quota`);
    expect(read.status).toBe(200);
    expect(read.body.quota?.source).toBe('usage-endpoint');
    expect(read.body.quota?.windows.map((window) => [window.name, window.label, window.usedPercent, window.resetsAt])).toEqual([
      ['plan', 'plan usage', 35, '2026-12-24T00:00:00.000Z'],
      ['cursor_models', 'Cursor models', 20, '2026-12-24T00:00:00.000Z'],
      ['other_models', 'Other models', 55, '2026-12-24T00:00:00.000Z'],
      ['on_demand', 'on-demand spending', 25, '2026-12-24T00:00:00.000Z'],
    ]);
    const asked = stack.auth.requests.filter((request) => request.path === '/auth/usage-summary');
    expect(asked.at(-1)?.authorization).toBe(`Bearer ${stack.account.data.access_token}`);
    const { body } = await adminCall<{ accounts: (QuotaView & { id: string })[] }>(stack, 'GET', '/admin/accounts');
    expect(body.accounts.find((account) => account.id === stack.account.id)?.quota?.windows.map((window) => window.name)).toEqual(['plan', 'cursor_models', 'other_models', 'on_demand']);
  });

  it('says that the catalog lists Cursor as a provider with a usage endpoint', async () => {
    const { body } = await adminCall<{ providers: { id: string; quotaSources: string[] }[] }>(stack, 'GET', '/admin/providers');
    expect(body.providers.find((provider) => provider.id === 'cursor')?.quotaSources).toEqual(['usage-endpoint']);
  });
});
