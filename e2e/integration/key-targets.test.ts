import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { execFile, spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenStore } from '../../proxy/accounts/token-store.js';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const ANTHROPIC_KEY = 'sk-ant-api03-work-key-0123456789';
const OPENAI_KEY = 'sk-proj-personal-key-0123456789';
const OPENROUTER_KEY = 'sk-or-v1-openrouter-key-0123456789';
const WRONG_KEY = 'sk-proj-wrong-key-0123456789';

/**
 * Issue #14's proof: API-key targets, each a named instance defined by its key file in auth-dir, served to the
 * official SDKs — passed through where the target speaks the client's format, through the IR where it does not.
 */
describe('API-key targets through the official SDKs', () => {
  let anthropicApi: AnthropicStandIn;
  let openaiApi: OpenAIStandIn;
  let compatApi: OpenAIStandIn;
  let stack: Stack;
  let store: TokenStore;
  let url: string;
  let home: string;

  beforeAll(async () => {
    anthropicApi = await startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: [ANTHROPIC_KEY] });
    openaiApi = await startOpenAIStandIn({ apiKeys: [OPENAI_KEY] });
    compatApi = await startOpenAIStandIn({ apiKeys: [OPENROUTER_KEY], models: [{ id: 'meta-llama/llama-3.3-70b', created: 1733000000, owned_by: 'meta' }] });
    const wrongKeyApi = await startOpenAIStandIn({ apiKeys: ['sk-the-right-one-0123456789'], models: [{ id: 'stale-model', created: 1733000000, owned_by: 'x' }] });
    stack = await startStack({
      withAccount: false,
      config: { providers: { anthropic: { enabled: false } } },
      keyInstances: [
        { provider: 'anthropic-key', instance: 'work', key: ANTHROPIC_KEY, standIn: anthropicApi },
        { provider: 'openai-key', instance: 'personal', key: OPENAI_KEY, standIn: openaiApi, baseUrl: `${openaiApi.url}/v1` },
        { provider: 'compat', instance: 'openrouter', key: OPENROUTER_KEY, standIn: compatApi, baseUrl: `${compatApi.url}/v1` },
        { provider: 'compat', instance: 'stale', key: WRONG_KEY, standIn: wrongKeyApi, baseUrl: `${wrongKeyApi.url}/v1`, extra: { models: ['stale-model'] } },
      ],
    });
    ({ store, url } = stack);
    home = dirname(stack.config['auth-dir']);
  });
  afterAll(() => stack.close());

  const anthropic = () => new Anthropic({ apiKey: TEST_API_KEY, baseURL: url, maxRetries: 0 });
  const openai = () => new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  const lastOf = (api: { requests: { path: string; headers: Record<string, string>; body: unknown; rawBody?: unknown }[] }, path: string) =>
    api.requests.filter((request) => request.path.startsWith(path)).at(-1)!;

  it("counts each instance's accounts under its own target in /health and the admin accounts", async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as { providers: Record<string, { accounts: number; usable: number }> };
    expect(health.providers['openai-key:personal']).toEqual({ accounts: 1, usable: 1 });
    const accounts = (await (await fetch(`${url}/admin/accounts`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).json()) as { accounts: { provider: string; target: string }[] };
    expect(accounts.accounts).toContainEqual(expect.objectContaining({ provider: 'compat', target: 'compat:openrouter' }));
  });

  it('lists each instance as its own target with the models its key reads', async () => {
    const models = await openai().models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['claude-sonnet-4-6', 'gpt-5-mini', 'meta-llama/llama-3.3-70b', 'stale-model']));
  });

  it('passes an Anthropic client through to anthropic-key:work with the key as x-api-key, count_tokens too', async () => {
    const message = await anthropic().messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    const sent = lastOf(anthropicApi, '/v1/messages');
    expect(sent.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    const streamed = await anthropic().messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(streamed.stop_reason).toBe('end_turn');
    const count = await anthropic().messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(lastOf(anthropicApi, '/v1/messages/count_tokens').headers['x-api-key']).toBe(ANTHROPIC_KEY);
  });

  it('passes Chat and Responses clients through to openai-key:personal, each to its own API', async () => {
    const chat = await openai().chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.choices[0]?.message.content).toBeTruthy();
    const chatSent = lastOf(openaiApi, '/v1/chat/completions');
    expect(chatSent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const streamed = await openai().chat.completions.stream({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } }).finalChatCompletion();
    expect(streamed.choices[0]?.finish_reason).toBe('stop');
    const response = await openai().responses.create({ model: 'gpt-5-mini', input: 'hi' });
    expect(response.output_text).toBeTruthy();
    expect(lastOf(openaiApi, '/v1/responses').headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    const streamedResponse = await openai().responses.stream({ model: 'gpt-5-mini', input: 'hi' }).finalResponse();
    expect(streamedResponse.status).toBe('completed');
  });

  it('serves Chat, Responses and Anthropic clients on compat:openrouter (Chat passed through, the others through the IR)', async () => {
    const chat = await openai().chat.completions.create({ model: 'meta-llama/llama-3.3-70b', messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.choices[0]?.message.content).toBeTruthy();
    const response = await openai().responses.create({ model: 'meta-llama/llama-3.3-70b', input: 'hi' });
    expect(response.output_text).toBeTruthy();
    const message = await anthropic().messages.create({ model: 'meta-llama/llama-3.3-70b', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    // Every one of them reached the compatible server as Chat Completions, with its own key.
    const sent = compatApi.requests.filter((request) => request.method === 'POST');
    expect(sent.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/v1/chat/completions']);
    expect(sent.every((request) => request.headers.authorization === `Bearer ${OPENROUTER_KEY}`)).toBe(true);
  });

  it('records the cost of an API-key target as billed, and the admin usage API shows it apart', async () => {
    await anthropic().messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    await expect
      .poll(async () => {
        const { body } = await adminCall<{ totals: { billedCostUsd: number; subscriptionCostUsd: number } }>({ url }, 'GET', '/admin/usage?provider=anthropic-key:work');
        return body.totals.billedCostUsd > 0 && body.totals.subscriptionCostUsd === 0;
      })
      .toBe(true);
  });

  it('marks the account of a refused key as needing a new key, and tells the client in its own format', async () => {
    const chat = await openai()
      .chat.completions.create({ model: 'stale-model', messages: [{ role: 'user', content: 'hi' }] })
      .then(() => null, (error: unknown) => error);
    expect(chat).toBeInstanceOf(OpenAI.APIError);
    expect((chat as InstanceType<typeof OpenAI.APIError>).message).toMatch(/add compat stale/);
    const message = await anthropic()
      .messages.create({ model: 'stale-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .then(() => null, (error: unknown) => error);
    expect(message).toBeInstanceOf(Anthropic.APIError);
    expect((message as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
    const account = (await store.list()).accounts.find((candidate) => candidate.data.instance === 'stale');
    expect(account?.data.needs_login).toMatch(/key was refused/);
    const { body } = await adminCall<unknown>({ url }, 'GET', '/admin/accounts');
    expect(JSON.stringify(body)).not.toContain(WRONG_KEY);
  });

  it('adds a key from the admin API as a new target served at once; no answer or error ever holds the key', async () => {
    const local = await startOpenAIStandIn({ apiKeys: ['sk-local-admin-key-0123456789'], models: [{ id: 'qwen3:8b', created: 0, owned_by: 'library' }] });
    try {
      const missing = await adminCall<{ error: { message: string } }>({ url }, 'POST', '/admin/targets', { provider: 'compat', instance: 'lan', key: 'sk-local-admin-key-0123456789' });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/base_url/);
      expect(JSON.stringify(missing.body)).not.toContain('sk-local-admin-key');
      const bad = await adminCall<{ error: { message: string } }>({ url }, 'POST', '/admin/targets', { provider: 'compat', instance: 'Bad Name!', key: 'sk-local-admin-key-0123456789', base_url: 'x' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).not.toContain('sk-local-admin-key');

      const added = await adminCall<Record<string, unknown>>({ url }, 'POST', '/admin/targets', {
        provider: 'compat',
        instance: 'lan',
        base_url: `${local.url}/v1`,
        models: 'qwen3:8b',
        key: 'sk-local-admin-key-0123456789',
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ target: 'compat:lan', served: true });
      expect(JSON.stringify(added.body)).not.toContain('sk-local-admin-key');
      const chat = await openai().chat.completions.create({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'hi' }] });
      expect(chat.choices[0]?.message.content).toBeTruthy();
      expect(lastOf(local, '/v1/chat/completions').headers.authorization).toBe('Bearer sk-local-admin-key-0123456789');
      const file = (await store.list()).accounts.find((account) => account.data.instance === 'lan')!;
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
      const listed = await adminCall<{ accounts: { id: string; plan: string | null; costBasis: string | null }[] }>({ url }, 'GET', '/admin/accounts');
      expect(JSON.stringify(listed.body)).not.toContain('sk-local-admin-key');
      // A key's account has no plan of its own: it is an API key, billed (its target came after the start).
      expect(listed.body.accounts.find((account) => account.id === file.id)).toMatchObject({ plan: 'API key, billed', costBasis: 'billed' });
    } finally {
      await local.close();
    }
  });

  it('adds a key from the CLI, read from standard input and never from argv', async () => {
    const configPath = join(home, 'cli.yaml');
    writeFileSync(configPath, JSON.stringify({ 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data'), 'api-keys': [TEST_API_KEY] }));
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), ['proxy/cli.ts', '--config', configPath, 'add', 'openai-key', 'team', '--base-url', `${openaiApi.url}/v1`], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SWITCHBOARD_LOG_LEVEL: 'silent' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(`${OPENAI_KEY}\n`);
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Added openai-key:team.');
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY);
    const account = (await store.list()).accounts.find((candidate) => candidate.data.instance === 'team');
    expect(account?.data).toMatchObject({ provider: 'openai-key', access_token: OPENAI_KEY, base_url: `${openaiApi.url}/v1` });
    const accounts = await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/tsx'), ['proxy/cli.ts', '--config', configPath, 'accounts'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SWITCHBOARD_LOG_LEVEL: 'silent' },
    });
    expect(accounts.stdout).toContain(`${account?.id} (plan API key, billed): `);
  });
});
