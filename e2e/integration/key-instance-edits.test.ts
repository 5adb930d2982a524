import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenStore } from '../../proxy/accounts/token-store.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

/**
 * An API-key instance is its key files: editing one (another base URL, other models) or removing it takes effect in
 * a running server at the next read of auth-dir — POST /admin/reload here, the auth-dir watcher or an admin call
 * that writes a file in use — without a restart.
 */

const KEY = 'sk-proj-edits-0123456789';
const TARGET = 'openai-key:personal';

describe('editing and removing an API-key instance while serving', () => {
  let first: OpenAIStandIn;
  let second: OpenAIStandIn;
  let server: Stack;
  let store: TokenStore;

  beforeEach(async () => {
    first = await startOpenAIStandIn({ apiKeys: [KEY], models: [{ id: 'first-model', created: 1, owned_by: 'x' }] });
    second = await startOpenAIStandIn({ apiKeys: [KEY], models: [{ id: 'second-model', created: 2, owned_by: 'x' }] });
    server = await startStack({
      withAccount: false,
      config: { providers: { anthropic: { enabled: false } } },
      keyInstances: [
        { provider: 'openai-key', instance: 'personal', key: KEY, standIn: first, baseUrl: `${first.url}/v1` },
      ],
    });
    store = server.store;
  });
  afterEach(async () => {
    await server.close();
    await second.close();
  });

  const chat = (model: string) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });
  const listed = async () => ((await (await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).json()) as { data: { id: string }[] }).data.map((model) => model.id);
  const chatPosts = (standIn: OpenAIStandIn) => standIn.requests.filter((request) => request.path === '/v1/chat/completions').length;

  it('sends to the base URL the key file names now, with the models listed there', async () => {
    expect((await chat('first-model')).status).toBe(200);
    expect(chatPosts(first)).toBe(1);

    await store.upsert({ provider: 'openai-key', instance: 'personal', access_token: KEY, base_url: `${second.url}/v1` }, 'personal');
    expect((await adminCall(server, 'POST', '/admin/reload')).status).toBe(200);

    expect(await listed()).toEqual(['second-model']);
    expect((await chat('second-model')).status).toBe(200);
    expect(chatPosts(second)).toBe(1);
    expect((await chat('first-model')).status).toBe(404);
    expect(chatPosts(first)).toBe(1);
  });

  it('serves the models a key file names once it names them', async () => {
    await store.upsert({ provider: 'openai-key', instance: 'personal', access_token: KEY, base_url: `${first.url}/v1`, models: ['named-model'] }, 'personal');
    await adminCall(server, 'POST', '/admin/reload');
    expect((await chat('named-model')).status).toBe(200);
    expect(chatPosts(first)).toBe(1);
  });

  it('removes the target when its last key file goes, however it goes (here DELETE /admin/accounts/:id)', async () => {
    expect((await adminCall(server, 'DELETE', '/admin/accounts/openai-key-personal')).status).toBe(200);
    expect((await adminCall<{ enabled: string[] }>(server, 'GET', '/admin/providers')).body.enabled).toEqual([]);
    expect((await chat('first-model')).status).toBe(404);
  });

  it('removes the target with its key files (DELETE /admin/targets/:target), and says so for one that is not there', async () => {
    const removed = await adminCall<{ removed: boolean; accounts: string[] }>(server, 'DELETE', `/admin/targets/${TARGET}`);
    expect(removed).toMatchObject({ status: 200, body: { removed: true, accounts: ['openai-key-personal'] } });
    expect((await store.list()).accounts).toEqual([]);
    const providers = await adminCall<{ enabled: string[] }>(server, 'GET', '/admin/providers');
    expect(providers.body.enabled).not.toContain('openai-key');
    expect(await listed()).toEqual([]);
    expect((await chat('first-model')).status).toBe(404);
    expect(chatPosts(first)).toBe(0);
    const again = await adminCall<{ error: { message: string } }>(server, 'DELETE', `/admin/targets/${TARGET}`);
    expect(again).toMatchObject({ status: 404, body: { error: { message: `no API-key target "${TARGET}" (its key files define one)` } } });
  });
});
