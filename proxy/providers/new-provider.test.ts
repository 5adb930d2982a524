import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountPool } from '../accounts/account-pool.js';
import { TokenStore } from '../accounts/token-store.js';
import { providerTouchpoints } from '../../scripts/provider-touchpoints.mjs';
import { exampleKeyModule } from './__fixtures__/example-key/module.js';
import { providerModules } from './index.js';
import { buildRegistry } from './registry.js';

/**
 * Issue #14's proof: a new provider is one folder plus one registry line. The example module (an Anthropic API
 * key, in __fixtures__/example-key/) is put in a registry beside the real ones, and everything Switchboard builds
 * from the registry takes it; the scan shows which existing files name a provider outside its folder.
 */
describe('a new provider module', () => {
  const registry = buildRegistry([...providerModules, exampleKeyModule]);

  it('gets its config section, account files, catalog entry and target from the registry line alone', async () => {
    const config = registry.configSchema.parse({ 'example-key': { 'base-url': 'http://upstream.test' } }) as Record<string, { enabled: boolean }>;
    expect(config['example-key']).toEqual({ enabled: true, strategy: 'sticky', 'base-url': 'http://upstream.test', aliases: {} });
    expect(config.anthropic?.enabled).toBe(true);
    expect(registry.catalog().map((entry) => [entry.id, entry.credentialKinds])).toEqual([
      ['anthropic', ['oauth']],
      ['codex', ['oauth']],
      ['anthropic-key', ['api-key']],
      ['openai-key', ['api-key']],
      ['compat', ['api-key']],
      ['cursor', ['oauth']],
      ['example-key', ['api-key']],
    ]);

    const calls: Headers[] = [];
    const upstream: typeof fetch = async (_url, init) => {
      calls.push(new Headers(init?.headers));
      return new Response('{"type":"message","id":"msg_1","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}', { headers: { 'content-type': 'application/json' } });
    };
    const targets = registry.createTargets(config, { fetch: upstream, refreshTimeoutMs: 1000, accountFiles: [] });
    const target = targets.find((candidate) => candidate.id === 'example-key');
    expect(target?.refreshTokens).toBeUndefined(); // a static key never refreshes

    // Its account file: the common core, the key as its access token; the store knows the provider from the registry.
    const dir = mkdtempSync(join(tmpdir(), 'sb-new-provider-'));
    writeFileSync(join(dir, 'example-key-work.json'), JSON.stringify({ provider: 'example-key', access_token: 'sk-ant-api03-work', label: 'work' }));
    const pool = new AccountPool(new TokenStore(dir, { parts: registry.accountParts, sealer: null }), new Map(targets.map((candidate) => [candidate.id, candidate])));
    expect((await pool.load()).invalid ?? []).toEqual([]);
    const credentials = await pool.acquire('example-key');
    expect(credentials.account.id).toBe('example-key-work');

    const body = { model: 'claude-sonnet-4-6', max_tokens: 5, messages: [] };
    const answer = await target!.protocol.passthrough(
      { endpoint: 'messages', search: '', headers: {}, body, rawBody: Buffer.from(JSON.stringify(body)), upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal },
      credentials,
    );
    expect(answer.status).toBe(200);
    expect(calls[0]?.get('x-api-key')).toBe('sk-ant-api03-work');
    expect(calls[0]?.has('authorization')).toBe(false);
  });

  it('must touch, outside its folder, only the registry line', () => {
    const registryLineOnly = ['proxy/providers/index.ts'];
    expect(providerTouchpoints()).toEqual({ anthropic: registryLineOnly, 'anthropic-key': registryLineOnly, codex: registryLineOnly, compat: registryLineOnly, cursor: registryLineOnly, 'openai-key': registryLineOnly });
  });
});
