import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenStore } from '../accounts/token-store.js';
import { validateConfig } from '../config/load.js';
import { ensureOwnerKey } from '../keys/owner-key.js';
import { accountParts } from '../providers/index.js';
import { modelsListedAt, standaloneModelCatalog } from './standalone-model-catalog.js';

const CONFIG_KEY = 'sk-sb-standalone-catalog-0123456789';

let server: Server | null = null;
afterEach(async () => {
  const running = server;
  server = null;
  if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
});

/** A Switchboard stand-in that lists `ids` at GET /v1/models to a request bearing `key`, and answers 401 otherwise. */
async function listingServer(key: string, ids: string[]): Promise<{ url: string; seen: (string | undefined)[] }> {
  const seen: (string | undefined)[] = [];
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    const ok = req.url === '/v1/models' && req.headers.authorization === `Bearer ${key}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) } : { error: { message: 'no' } }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('modelsListedAt', () => {
  it('reads the ids a running Switchboard lists', async () => {
    const { url } = await listingServer('sk-owner', ['model-a', 'model-b']);
    expect(await modelsListedAt(url, 'sk-owner')).toEqual(['model-a', 'model-b']);
  });

  it('is null when the server refuses the key or nothing listens', async () => {
    const { url } = await listingServer('sk-owner', ['model-a']);
    expect(await modelsListedAt(url, 'sk-other')).toBeNull();
    const closed = url;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    expect(await modelsListedAt(closed, 'sk-owner')).toBeNull();
  });
});

describe('standaloneModelCatalog', () => {
  it("asks the running server with the owner key, and serves what it lists besides the providers' own", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-catalog-'));
    const { key } = await ensureOwnerKey(dataDir);
    const { url, seen } = await listingServer(key, ['live-only-model']);
    const config = validateConfig({ 'data-dir': dataDir, 'auth-dir': join(dataDir, 'auth'), 'api-keys': [CONFIG_KEY] }, 'test');

    const catalog = await standaloneModelCatalog(config, url);

    expect(seen).toEqual([`Bearer ${key}`]);
    expect(catalog.resolve('live-only-model')).toBe('live-only-model');
    expect(catalog.suggested).not.toBeNull();
  });

  it('without a server still knows what the providers built from the config serve', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-catalog-'));
    const config = validateConfig({ 'data-dir': dataDir, 'auth-dir': join(dataDir, 'auth'), 'api-keys': [CONFIG_KEY] }, 'test');

    const catalog = await standaloneModelCatalog(config, 'http://127.0.0.1:9');

    expect(catalog.suggested).not.toBeNull();
    expect(catalog.resolve(catalog.suggested ?? '')).not.toBeNull();
    expect(catalog.resolve('live-only-model')).toBeNull();
  });

  it("knows the API-key targets of auth-dir's key files and the routing table, and suggests a key's model when nothing else serves", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-catalog-'));
    const authDir = join(dataDir, 'auth');
    await new TokenStore(authDir, { parts: accountParts, sealer: null }).upsert({ provider: 'openai-key', instance: 'team', access_token: 'sk-team-0123', models: ['gpt-5.1'] }, 'team');
    const config = validateConfig(
      { 'data-dir': dataDir, 'auth-dir': authDir, 'api-keys': [CONFIG_KEY], providers: { anthropic: { enabled: false } }, routing: { models: { team: ['openai-key:team/gpt-5.1'] } } },
      'test',
    );

    const catalog = await standaloneModelCatalog(config, 'http://127.0.0.1:9');

    expect(catalog.resolve('gpt-5.1')).toBe('gpt-5.1');
    expect(catalog.resolve('openai-key:team/gpt-5.1')).toBe('gpt-5.1');
    expect(catalog.resolve('team')).toBe('gpt-5.1');
    expect(catalog.listed).toContain('gpt-5.1');
    expect(catalog.suggested).toBe('gpt-5.1');
  });

  it("suggests by the accounts auth-dir holds: with only a ChatGPT login, a GPT model for Claude Code too, as not its own", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-standalone-catalog-'));
    const config = validateConfig({ 'data-dir': dataDir, 'auth-dir': join(dataDir, 'auth'), 'api-keys': [CONFIG_KEY] }, 'test');
    await new TokenStore(config['auth-dir'], { parts: accountParts }).upsert({ provider: 'codex', access_token: 'at', refresh_token: 'rt', chatgpt_account_id: 'ws', chatgpt_user_id: 'user' } as never, 'codex-ada');
    const catalog = await standaloneModelCatalog(config, 'http://127.0.0.1:9');
    expect(catalog.suggestFor('openai-responses')).toEqual({ model: 'gpt-5.5', native: true });
    expect(catalog.suggestFor('anthropic-messages')).toEqual({ model: 'gpt-5.5', native: false });
  });
});
