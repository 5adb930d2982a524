import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenStore } from '../accounts/token-store.js';
import { validateConfig } from '../config/load.js';
import { accountParts, addAccountCommands, createTargets, providerCatalog, providerModules } from './index.js';

const BEFORE_REGISTRY = new URL('./__fixtures__/anthropic-account-before-registry.json', import.meta.url);

describe('the provider registry', () => {
  it('builds the config\'s providers section from the modules: defaults for each, nothing else accepted', () => {
    const config = validateConfig({}, '/tmp/sb-registry/config.yaml');
    expect(Object.keys(config.providers)).toEqual(providerModules.map((module) => module.id));
    expect(config.providers.anthropic).toMatchObject({ enabled: true, strategy: 'sticky', 'base-url': 'https://api.anthropic.com' });
    expect(() => validateConfig({ providers: { gemini: {} } }, '/tmp/sb-registry/config.yaml')).toThrow(/gemini/);
    expect(() => validateConfig({ providers: { anthropic: { strategy: 'random' } } }, '/tmp/sb-registry/config.yaml')).toThrow(/strategy/);
  });

  it('makes a target per enabled module, named by its provider', () => {
    const config = validateConfig({}, '/tmp/sb-registry/config.yaml');
    const targets = createTargets(config.providers, { fetch, refreshTimeoutMs: 1000, accountFiles: [] });
    expect(targets.map((target) => [target.id, target.provider, target.protocol.nativeFormats])).toEqual([['anthropic', 'anthropic', ['anthropic']]]);
    const off = validateConfig({ providers: { anthropic: { enabled: false } } }, '/tmp/sb-registry/config.yaml');
    expect(createTargets(off.providers, { fetch, refreshTimeoutMs: 1000, accountFiles: [] })).toEqual([]);
  });

  it('names every way to add an account, API keys too, from the modules', () => {
    const commands = addAccountCommands();
    expect(commands).toContain('login anthropic`');
    expect(commands).toContain('import claude-code`');
    expect(commands).toMatch(/add <anthropic-key\|openai-key\|compat> <name>`$/);
  });

  it('lists every provider in the catalog as data: login methods as a tagged union, importers, policy note', () => {
    expect(providerCatalog()).toEqual([
      {
        id: 'anthropic',
        displayName: 'Claude',
        credentialKinds: ['oauth'],
        protocol: 'anthropic-messages',
        loginMethods: [
          { kind: 'loopback', id: 'oauth', label: 'Log in to Claude…' },
          { kind: 'paste-code', id: 'manual', label: 'Log in to Claude with a pasted code', paste: expect.objectContaining({ example: 'code#state' }) },
        ],
        importers: [{ id: 'claude-code', label: 'Import from Claude Code' }],
        policyNote: expect.stringContaining('extra usage'),
        quotaSources: ['headers', 'usage-endpoint'],
      },
      {
        id: 'codex',
        displayName: 'ChatGPT (Codex)',
        credentialKinds: ['oauth'],
        protocol: 'openai-responses',
        loginMethods: [
          { kind: 'loopback', id: 'oauth', label: 'Sign in with ChatGPT…' },
          { kind: 'device-code', id: 'device', label: 'Sign in with ChatGPT using a code' },
          // Each provider's manual login says what its page ends on: ChatGPT redirects to localhost, it shows no code#state.
          { kind: 'paste-code', id: 'manual', label: 'Sign in with ChatGPT and paste the address', paste: expect.objectContaining({ example: expect.stringMatching(/^http:\/\/localhost:1455\/auth\/callback\?code=/), step: expect.stringContaining('address') }) },
        ],
        importers: [{ id: 'codex-cli', label: 'Import from the Codex CLI' }],
        policyNote: expect.stringContaining('personal use'),
        quotaSources: ['headers', 'usage-endpoint'],
      },
      ...['anthropic-key', 'openai-key', 'compat'].map((id) => expect.objectContaining({ id, credentialKinds: ['api-key'], loginMethods: [expect.objectContaining({ kind: 'api-key' })] })),
      {
        id: 'cursor',
        displayName: 'Cursor (experimental)',
        credentialKinds: ['oauth'],
        protocol: 'cursor-agent',
        loginMethods: [
          { kind: 'poll', id: 'deep-link', label: 'Log in on cursor.com…' },
          { kind: 'paste-code', id: 'api-key', label: 'Log in with a Cursor API key', paste: expect.objectContaining({ example: 'key_…' }) },
        ],
        importers: [{ id: 'cursor', label: 'Import from the Cursor app' }],
        policyNote: expect.stringContaining('@cursor/sdk'),
        quotaSources: ['usage-endpoint'],
      },
    ]);
  });
});

describe('account files: the common core and each provider\'s own part', () => {
  const storeWith = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-parts-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return new TokenStore(dir, { parts: accountParts, sealer: null });
  };

  it('reads a Claude account file written before the registry, unchanged, and writes it back unchanged', async () => {
    const text = readFileSync(BEFORE_REGISTRY, 'utf8');
    const store = storeWith({ 'anthropic-ada@example.com.json': text });
    const { accounts, invalid } = await store.list();
    expect(invalid).toEqual([]);
    expect(accounts[0]?.data).toEqual(JSON.parse(text));
    const saved = await store.save({ id: accounts[0]!.id, data: accounts[0]!.data });
    const { updated_at: _written, ...rest } = JSON.parse(readFileSync(saved.path, 'utf8')) as Record<string, unknown>;
    const { updated_at: _before, ...expected } = JSON.parse(text) as Record<string, unknown>;
    expect(rest).toEqual(expected);
  });

  it("refuses a file of a provider the registry does not know, and one whose provider part is not valid", async () => {
    const before = JSON.parse(readFileSync(BEFORE_REGISTRY, 'utf8')) as Record<string, unknown>;
    const { accounts, invalid } = await storeWith({
      'gemini-x.json': { ...before, provider: 'gemini' },
      'codex-x.json': { ...before, provider: 'codex' },
      'anthropic-bad.json': { ...before, organization: 'not an object' },
    }).list();
    expect(accounts).toEqual([]);
    expect(invalid.map((file) => file.problem).sort()).toEqual([
      'chatgpt_account_id: Invalid input: expected string, received undefined',
      'organization: Invalid input: expected object, received string',
      'provider: "gemini" is not a provider this Switchboard knows (anthropic, codex, anthropic-key, openai-key, compat, cursor)',
    ]);
  });

  it('will not write an account whose provider part is not valid', async () => {
    const before = JSON.parse(readFileSync(BEFORE_REGISTRY, 'utf8')) as Record<string, unknown>;
    await expect(storeWith({}).save({ id: 'anthropic-bad', data: { ...before, provider: 'anthropic', access_token: 't', scopes: 'all' } as never })).rejects.toThrow(/scopes/);
  });
});
