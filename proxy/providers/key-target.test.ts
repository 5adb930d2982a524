import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenStore } from '../accounts/token-store.js';
import { targetOf } from '../accounts/account-file.js';
import { addKeyInstance, KeyInstanceError } from './add-key-instance.js';
import { anthropicKeyModule } from './anthropic-key/module.js';
import { compatModule } from './compat/module.js';
import { accountParts } from './index.js';
import { keyInstances } from './key-target.js';
import { openAIKeyModule } from './openai-key/module.js';

const deps = (accountFiles: Parameters<typeof keyInstances>[0]) => ({ fetch: globalThis.fetch, refreshTimeoutMs: 1000, accountFiles });

describe('API-key instances', () => {
  it('are defined by their key files: one target per instance, its keys pooled, its settings from the file', () => {
    const files = [
      { provider: 'openai-key', instance: 'personal', access_token: 'sk-a' },
      { provider: 'openai-key', instance: 'personal', access_token: 'sk-b' },
      { provider: 'openai-key', instance: 'team', access_token: 'sk-c', base_url: 'https://gateway.example/v1', models: ['gpt-5'] },
    ];
    expect(keyInstances(files, 'https://api.openai.com/v1')).toEqual([
      { name: 'personal', baseUrl: 'https://api.openai.com/v1', models: [] },
      { name: 'team', baseUrl: 'https://gateway.example/v1', models: ['gpt-5'] },
    ]);
    const targets = openAIKeyModule.createTargets(openAIKeyModule.configSchema.parse({}), deps(files));
    expect(targets.map((target) => [target.id, target.costBasis, target.refreshTokens])).toEqual([
      ['openai-key:personal', 'billed', undefined],
      ['openai-key:team', 'billed', undefined],
    ]);
    expect(files.map(targetOf)).toEqual(['openai-key:personal', 'openai-key:personal', 'openai-key:team']);
    // OpenAI's key speaks both of its APIs natively; a compatible endpoint speaks Chat; an Anthropic key Messages.
    expect(targets[0]?.protocol.nativeFormats).toEqual(['responses', 'chat']);
    expect(targets[1]?.resolveModel('gpt-5')).toBe('gpt-5');
    expect(targets[1]?.resolveModel('claude-sonnet-4-6')).toBeNull();
  });

  it("takes the default client model from its config section, and the newest of its family once the instance's list has one", () => {
    const files = [{ provider: 'openai-key', instance: 'personal', access_token: 'sk-a' }];
    const [target] = openAIKeyModule.createTargets(openAIKeyModule.configSchema.parse({}), deps(files));
    expect(target?.defaultClientModel).toBe('gpt-5');
    const [configured] = openAIKeyModule.createTargets(openAIKeyModule.configSchema.parse({ 'default-client-model': 'gpt-4.1' }), deps(files));
    expect(configured?.defaultClientModel).toBe('gpt-4.1');
    const listed = (id: string) => ({ id, displayName: id, createdAt: null });
    target?.modelDirectory.learn('key', [listed('gpt-5'), listed('gpt-5.1'), listed('gpt-5-mini'), listed('gpt-6-nano')], 1);
    expect(target?.defaultClientModel).toBe('gpt-5.1');
    // A file that names the instance's models names what it is for: its first, when none is of the family.
    const [compat] = compatModule.createTargets(compatModule.configSchema.parse({}), deps([{ provider: 'compat', instance: 'ollama', access_token: 'k', base_url: 'http://localhost:11434/v1', models: ['llama3.2'] }]));
    expect(compat?.defaultClientModel).toBe('llama3.2');
    const [anthropic] = anthropicKeyModule.createTargets(anthropicKeyModule.configSchema.parse({ 'default-client-model': 'claude-haiku-4-5' }), deps([{ provider: 'anthropic-key', instance: 'work', access_token: 'k' }]));
    expect(anthropic?.defaultClientModel).toBe('claude-haiku-4-5');
  });

  it('needs a base URL for a compatible endpoint, which has no default', () => {
    expect(compatModule.createTargets(compatModule.configSchema.parse({}), deps([{ provider: 'compat', instance: 'x', access_token: 'k' }]))).toEqual([]);
    const [target] = anthropicKeyModule.createTargets(anthropicKeyModule.configSchema.parse({}), deps([{ provider: 'anthropic-key', instance: 'work', access_token: 'k' }]));
    expect([target?.id, target?.protocol.nativeFormats]).toEqual(['anthropic-key:work', ['anthropic']]);
  });

  it("lets an Anthropic key serve any claude- id, also an undated alias its model list does not name", () => {
    const [target] = anthropicKeyModule.createTargets(anthropicKeyModule.configSchema.parse({}), deps([{ provider: 'anthropic-key', instance: 'work', access_token: 'k' }]));
    expect(target?.resolveModel('claude-haiku-4-5')).toBe('claude-haiku-4-5');
    expect(target?.resolveModel('gpt-5')).toBeNull();
  });

  it('sends no Authorization for a keyless compatible instance (a local server)', async () => {
    const store = new TokenStore(mkdtempSync(join(tmpdir(), 'sb-keyless-')), { parts: accountParts, sealer: null });
    const account = await addKeyInstance(store, compatModule, { instance: 'ollama', base_url: 'http://localhost:11434/v1', models: 'llama3.2, qwen3:8b' });
    expect(account.data).toMatchObject({ provider: 'compat', instance: 'ollama', keyless: true, models: ['llama3.2', 'qwen3:8b'] });
    expect(statSync(account.path).mode & 0o777).toBe(0o600);
    const sent: Headers[] = [];
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      sent.push(new Headers(init?.headers));
      return Response.json({ data: [] });
    };
    const [target] = compatModule.createTargets(compatModule.configSchema.parse({}), { fetch, refreshTimeoutMs: 1000, accountFiles: [account.data] });
    await target!.protocol.listModels({ account, accessToken: account.data.access_token });
    expect(sent[0]?.has('authorization')).toBe(false);
  });

  it('refuses a key without its required fields, in words that never quote the key', async () => {
    const store = new TokenStore(mkdtempSync(join(tmpdir(), 'sb-add-')), { parts: accountParts, sealer: null });
    const key = 'sk-proj-never-quoted-0123456789';
    for (const [module, input] of [
      [openAIKeyModule, { instance: 'x' }],
      [compatModule, { instance: 'x', key }],
      [openAIKeyModule, { instance: 'Bad Name', key }],
      [openAIKeyModule, { instance: 'x', key, base_url: 'not a url' }],
    ] as const) {
      const error = await addKeyInstance(store, module, input).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KeyInstanceError);
      expect((error as Error).message).not.toContain(key);
    }
    expect((await store.list()).accounts).toEqual([]);
  });
});
