/**
 * The server's side of following config.yaml (proxy/config/config-reload.ts): the settings the running server
 * takes at once — prices and the account selection strategy here; keys in serve-command.test.ts — without a
 * restart, the state it holds (counters, the owner key) kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { ConfigReloader } from '../../proxy/config/config-reload.js';
import { createSwitchboard, validateConfig, type Config, type Switchboard } from '../../proxy/index.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { addAccount, adminCall, TEST_API_KEY } from './harness.js';

describe('a running server following its config file', () => {
  let api: AnthropicStandIn;
  let home: string;
  let file: Record<string, unknown>;
  let settings: ConfigReloader;
  let switchboard: Switchboard;
  let url: string;
  const tokens = new TokenRegistry();

  const load = (): Config => validateConfig(file, join(home, 'config.yaml'));

  beforeEach(async () => {
    api = await startAnthropicStandIn({ tokens });
    home = mkdtempSync(join(tmpdir(), 'sb-reload-'));
    const store = new TokenStore(join(home, 'auth'));
    await addAccount(store, tokens, 'first@example.com');
    await addAccount(store, tokens, 'second@example.com');
    file = {
      port: 0,
      'auth-dir': join(home, 'auth'),
      'data-dir': join(home, 'data'),
      'api-keys': [TEST_API_KEY],
      pricing: { 'claude-sonnet-4-6': { input: 1, output: 1 } },
      providers: { anthropic: { 'base-url': api.url, strategy: 'fill-first' } },
    };
    settings = new ConfigReloader(load(), load);
    switchboard = createSwitchboard(settings.current, { settings });
    const status = await switchboard.start();
    if (!status.url) throw new Error(`did not start: ${status.error}`);
    url = status.url;
  });
  afterEach(async () => {
    await switchboard.stop();
    await api.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** One request; answers the account that served it and its cost as recorded in the ledger. */
  async function send(): Promise<{ account: string | null; costUsd: number | null }> {
    const response = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    await response.text();
    const { body } = await adminCall<{ requests: { accountId: string | null; costUsd: number | null }[] }>({ url }, 'GET', '/admin/requests?limit=1');
    const [latest] = body.requests;
    return { account: latest?.accountId ?? null, costUsd: latest?.costUsd ?? null };
  }

  it('prices the next request with the new prices', async () => {
    const before = await send();
    file = { ...file, pricing: { 'claude-sonnet-4-6': { input: 100, output: 100 } } };
    expect((await settings.reload()).applied).toEqual(['pricing.claude-sonnet-4-6.input', 'pricing.claude-sonnet-4-6.output']);
    const after = await send();
    expect(before.costUsd).toBeGreaterThan(0);
    expect(after.costUsd).toBeCloseTo((before.costUsd ?? 0) * 100, 10);
  });

  it('picks accounts by the new strategy', async () => {
    const filled = [await send(), await send(), await send()].map((served) => served.account);
    expect(new Set(filled).size).toBe(1);

    file = { ...file, providers: { anthropic: { 'base-url': api.url, strategy: 'round-robin' } } };
    expect((await settings.reload()).applied).toEqual(['providers.anthropic.strategy']);
    const rotated = [await send(), await send()].map((served) => served.account);
    expect(new Set(rotated).size).toBe(2);
  });

  it('names what needs a restart and keeps serving as before', async () => {
    file = { ...file, port: 1, 'rate-limit': { 'requests-per-minute': 5 } };
    expect(await settings.reload()).toEqual({ applied: [], restartNeeded: ['port', 'rate-limit.requests-per-minute'], problem: null });
    expect((await send()).account).not.toBeNull();
  });

  it('routes by the new routing table', async () => {
    const ask = async (model: string) => {
      const response = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      await response.text();
      return response.status;
    };
    expect(await ask('claude-opus-4-7')).toBe(200);

    file = { ...file, routing: { targets: { claude: { deny: ['claude-opus-*'] } } } };
    expect((await settings.reload()).applied).toEqual(['routing.targets.claude']);
    expect(await ask('claude-opus-4-7')).toBe(404);
    expect(await ask('claude-sonnet-4-6')).toBe(200);
  });
});
