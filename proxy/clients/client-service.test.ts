import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../usage/database.js';
import { KeyStore } from '../usage/key-store.js';
import { emptyCatalog, testCatalog } from './__fixtures__/test-catalog.js';
import { ClientService } from './client-service.js';
import { ModelChoiceError } from './client-setup.js';
import type { ModelCatalog } from './model-catalog.js';

const BASE_URL = 'http://127.0.0.1:8317';
/** A person's own Codex config whose model is one of OpenAI's: not served by this Switchboard. */
const OWN_CODEX = '# mine\nmodel = "o3"\napproval_policy = "on-request"\n';

let root: string;
let home: string;
let db: ReturnType<typeof openDatabase>;
let keys: KeyStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sb-client-service-'));
  home = join(root, 'home');
  mkdirSync(home);
  db = openDatabase(databasePath(join(root, 'data')));
  keys = new KeyStore(db);
});
afterEach(() => db.close());

function service(catalog: ModelCatalog = testCatalog): ClientService {
  return new ClientService({ keys, dataDir: join(root, 'data'), baseUrl: BASE_URL, models: async () => catalog, home, platform: 'linux', env: {} });
}

const codexConfig = () => join(home, '.codex', 'config.toml');
const claudeSettings = () => join(home, '.claude', 'settings.json');
const codexModel = () => /^model = "(.*)"$/m.exec(readFileSync(codexConfig(), 'utf8'))?.[1];
const claudeEnv = () => (JSON.parse(readFileSync(claudeSettings(), 'utf8')) as { env: Record<string, string> }).env;

function writeOwnCodex(text: string): void {
  mkdirSync(join(home, '.codex'), { recursive: true });
  writeFileSync(codexConfig(), text);
}

describe('configure codex: a model this Switchboard serves', () => {
  it('writes the suggested model when none is named, and says so', async () => {
    const result = await service().configure('codex');
    expect(codexModel()).toBe('sonnet');
    expect(result.defaultModel).toBe('sonnet');
    expect(result.models).toEqual([expect.objectContaining({ setting: 'model', value: 'sonnet', served: true, resolvesTo: 'claude-sonnet-4-6', setBySwitchboard: true })]);
    expect(await service().doctor('codex', async () => 'ok')).toEqual([]);
  });

  it("replaces the person's own model when it is not served, and restore gives it back byte for byte", async () => {
    writeOwnCodex(OWN_CODEX);
    expect((await service().configure('codex')).defaultModel).toBe('sonnet');
    expect(codexModel()).toBe('sonnet');
    await service().restore('codex');
    expect(readFileSync(codexConfig(), 'utf8')).toBe(OWN_CODEX);
  });

  it("keeps the person's own model when it is served", async () => {
    writeOwnCodex('model = "claude-opus-4-5"\n');
    const result = await service().configure('codex');
    expect(result.defaultModel).toBeNull();
    expect(codexModel()).toBe('claude-opus-4-5');
    expect(result.models).toEqual([expect.objectContaining({ value: 'claude-opus-4-5', served: true, setBySwitchboard: false })]);
  });

  it('keeps a model named earlier when configured again without one; --reset-models goes back to the default', async () => {
    writeOwnCodex(OWN_CODEX);
    await service().configure('codex', { models: { main: 'claude-opus-4-5' } });
    const again = await service().configure('codex');
    expect(again).toMatchObject({ changed: [], defaultModel: null });
    expect(codexModel()).toBe('claude-opus-4-5');

    const reset = await service().configure('codex', { resetModels: true });
    expect(reset.defaultModel).toBe('sonnet');
    expect(codexModel()).toBe('sonnet');
    await service().restore('codex');
    expect(readFileSync(codexConfig(), 'utf8')).toBe(OWN_CODEX);
  });

  it('refuses a named model it does not serve before writing anything or making a key, naming what it serves', async () => {
    writeOwnCodex(OWN_CODEX);
    const error = await service()
      .configure('codex', { models: { main: 'gpt-6.2-sol' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelChoiceError);
    expect(error).toMatchObject({ slot: 'main', forceable: true, message: expect.stringContaining('does not serve the model "gpt-6.2-sol"; it serves sonnet, ') });
    expect(readFileSync(codexConfig(), 'utf8')).toBe(OWN_CODEX);
    expect(keys.list()).toEqual([]);
  });

  it('writes an unserved model when forced, keeps it on the next configure, and reports it everywhere', async () => {
    await service().configure('codex', { models: { main: 'gpt-6.2-sol' }, force: true });
    expect(codexModel()).toBe('gpt-6.2-sol');
    const again = await service().configure('codex');
    expect(codexModel()).toBe('gpt-6.2-sol');
    expect(again.models).toEqual([expect.objectContaining({ value: 'gpt-6.2-sol', served: false, problem: expect.stringContaining('does not serve') })]);
    expect((await service().status('codex')).models[0]).toMatchObject({ served: false });
    expect(await service().doctor('codex', async () => 'ok')).toEqual([
      { severity: 'error', message: expect.stringContaining('`model` in'), fix: 'run `switchboard clients configure codex --model sonnet` (or another model it serves)' },
    ]);
  });

  it('refuses to configure when nothing is served: a Codex CLI without a served model fails every request', async () => {
    await expect(service(emptyCatalog).configure('codex')).rejects.toThrow('the Codex CLI needs a model, but it serves no model at all: no provider is enabled in its config');
  });
});

describe('configure: model choices', () => {
  it('refuses a Claude Code slot for the Codex CLI, and an empty name, without force helping', async () => {
    await expect(service().configure('codex', { models: { opus: 'claude-opus-4-5' } })).rejects.toMatchObject({ slot: 'opus', forceable: false, message: 'the Codex CLI has no "opus" (--opus) model setting; it has "main" (--model)' });
    await expect(service().configure('claude-code', { models: { main: ' ' }, force: true })).rejects.toMatchObject({ slot: 'main', forceable: false });
  });

  it('accepts names Claude Code resolves itself', async () => {
    await service().configure('claude-code', { models: { main: 'opusplan', sonnet: 'claude-sonnet-4-6[1m]' } });
    expect(claudeEnv()).toMatchObject({ ANTHROPIC_MODEL: 'opusplan', ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-6[1m]' });
  });

  it('writes no model for Claude Code unless named: its own choices are Claude models', async () => {
    const result = await service().configure('claude-code');
    expect(result).toMatchObject({ defaultModel: null, models: [] });
    expect(Object.keys(claudeEnv())).toEqual(['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN']);
  });

  it("writes a served model for Claude Code when no account here serves its own Claude models (a ChatGPT-only Switchboard)", async () => {
    const chatgptOnly: ModelCatalog = {
      listed: ['gpt-5.5', 'sonnet'],
      resolve: (name) => (name === 'gpt-5.5' || name === 'sonnet' ? name : null),
      suggested: 'gpt-5.5',
      suggestFor: () => ({ model: 'gpt-5.5', native: false }),
    };
    const result = await service(chatgptOnly).configure('claude-code');
    expect(result.defaultModel).toBe('gpt-5.5');
    // Its Opus/Sonnet/Haiku choices and its background model too: none of them would find an account.
    expect(claudeEnv()).toMatchObject({ ANTHROPIC_MODEL: 'gpt-5.5', ANTHROPIC_DEFAULT_OPUS_MODEL: 'gpt-5.5', ANTHROPIC_DEFAULT_SONNET_MODEL: 'gpt-5.5', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'gpt-5.5' });
    await service(chatgptOnly).restore('claude-code');
  });

  it('writes the Codex CLI the model of a target speaking its own wire', async () => {
    const both: ModelCatalog = { ...testCatalog, listed: ['sonnet', 'gpt-5.5'], resolve: (name) => (name === 'gpt-5.5' ? name : testCatalog.resolve(name)), suggestFor: (wire) => ({ model: wire === 'openai-responses' ? 'gpt-5.5' : 'sonnet', native: true }) };
    expect((await service(both).configure('codex', { resetModels: true })).defaultModel).toBe('gpt-5.5');
    expect(codexModel()).toBe('gpt-5.5');
    await service(both).restore('codex');
  });

  it('keeps the Claude Code models set earlier unless new ones are named or a reset is asked for', async () => {
    await service().configure('claude-code', { models: { main: 'claude-opus-4-5', haiku: 'claude-haiku-4-5' } });
    await service().configure('claude-code', { models: { sonnet: 'claude-sonnet-4-6' } });
    expect(claudeEnv()).toMatchObject({ ANTHROPIC_MODEL: 'claude-opus-4-5', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5', ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-6' });

    const reset = await service().configure('claude-code', { models: { haiku: 'claude-haiku-4-5' }, resetModels: true });
    expect(reset.changed).toEqual(['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL']);
    expect(Object.keys(claudeEnv())).toEqual(['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_DEFAULT_HAIKU_MODEL']);
  });
});

describe('status and doctor', () => {
  it('a Codex CLI pointed here without a model is a problem, with the configure that fixes it', async () => {
    writeOwnCodex(`model_provider = "switchboard"\n[model_providers.switchboard]\nbase_url = "${BASE_URL}/v1"\nwire_api = "responses"\n`);
    expect((await service().status('codex')).models).toEqual([expect.objectContaining({ value: null, served: false, problem: expect.stringContaining('no model is set') })]);
    const findings = await service().doctor('codex', async () => 'ok');
    expect(findings).toContainEqual({ severity: 'error', message: expect.stringContaining('no model is set'), fix: 'run `switchboard clients configure codex`, which sets `model = "sonnet"`' });
  });

  it("reports each Claude Code model setting with what it reaches here", async () => {
    await service().configure('claude-code', { models: { main: 'sonnet', haiku: 'claude-haiku-4-5' } });
    expect((await service().status('claude-code')).models).toEqual([
      expect.objectContaining({ setting: 'ANTHROPIC_MODEL', value: 'sonnet', served: null }),
      expect.objectContaining({ setting: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', value: 'claude-haiku-4-5', served: true, resolvesTo: 'claude-haiku-4-5' }),
    ]);
  });
});
