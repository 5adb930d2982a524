import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../proxy/http/json-depth.js';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const EMAILS = ['fault-first@example.com', 'fault-second@example.com', 'fault-third@example.com'];

/** A JSON value nested this deep parses, but serializing it again overflows the stack while the request is built. */
const DEPTH = 10_000;
const deepValue = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
/** What the body parser says when it refuses a body by its depth, before anything parses it. */
const DEPTH_REFUSAL = `more than ${MAX_JSON_DEPTH} levels deep`;

interface AccountView {
  email: string;
  state: string;
  cooldownUntil: string | null;
  usage: { errors: number; lastError: string | null };
}

/**
 * A failure caused by the request itself is the client's 4xx and never touches an account: only the upstream's
 * own answers, or network failures reaching it, count against one. Three accounts, so a request that cooled
 * them one after another would show.
 */
describe('failures that are the request’s own fault', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy: 'round-robin' } } } });
    for (const email of EMAILS) await addAccount(stack.store, stack.tokens, email);
    await adminCall(stack, 'POST', '/admin/reload');
  });
  afterAll(() => stack.close());

  const post = (path: string, json: string) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: json });
  const modelRequests = () => stack.api.requests.filter((request) => request.path.startsWith('/v1/messages')).length;

  async function expectNoAccountTouched(): Promise<void> {
    const { accounts } = (await adminCall<{ accounts: AccountView[] }>(stack, 'GET', '/admin/accounts')).body;
    expect(accounts).toHaveLength(EMAILS.length);
    for (const account of accounts) {
      expect(account.cooldownUntil, account.email).toBeNull();
      expect(account.usage, account.email).toMatchObject({ errors: 0, lastError: null });
      expect(account.state, account.email).toMatch(/^ready/);
    }
  }

  it('answers /v1/messages with a 400 in the Anthropic shape', async () => {
    const before = modelRequests();
    const response = await post('/v1/messages', `{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"deep":${deepValue}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(DEPTH_REFUSAL) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('answers /v1/chat/completions with a 400 in the OpenAI shape', async () => {
    const before = modelRequests();
    const tool = `{"type":"function","function":{"name":"deep","parameters":{"type":"object","properties":{"x":{"type":"array","default":${deepValue}}}}}}`;
    const response = await post('/v1/chat/completions', `{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}],"tools":[${tool}]}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining(DEPTH_REFUSAL) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('answers /v1/responses with a 400 in the OpenAI shape', async () => {
    const before = modelRequests();
    const tool = `{"type":"function","name":"deep","parameters":{"type":"object","properties":{"x":{"type":"array","default":${deepValue}}}}}`;
    const response = await post('/v1/responses', `{"model":"claude-sonnet-4-6","input":"hi","tools":[${tool}]}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining(DEPTH_REFUSAL) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  // These fields are echoed in every response object: one that passes must render, so the upstream is never paid
  // for an answer that then fails (it was a 500, or a 200 stream with no bytes).
  it.each([
    ['text', `{"format":{"type":"json_schema","name":"deep","schema":{"type":"object","default":${deepValue}}}}`],
    ['reasoning', `{"effort":"low","deep":${deepValue}}`],
    ['metadata', `{"run":${deepValue}}`],
  ])('refuses a deep /v1/responses %s (echoed in the answer) before calling the upstream', async (field, value) => {
    const before = modelRequests();
    const response = await post('/v1/responses', `{"model":"claude-sonnet-4-6","input":"hi","stream":true,"${field}":${value}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining(DEPTH_REFUSAL) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('echoes a /v1/responses text as deep as the bound allows, whole, in a complete stream', async () => {
    // The body object, text, format, schema: four levels; the schema's default fills the rest.
    const fill = MAX_JSON_DEPTH - 4;
    const deepest = `${'{"a":'.repeat(fill)}1${'}'.repeat(fill)}`;
    const text = `{"format":{"type":"json_schema","name":"deep","schema":{"type":"object","default":${deepest}}}}`;
    const response = await post('/v1/responses', `{"model":"claude-sonnet-4-6","input":"hi","stream":true,"text":${text}}`);
    expect(response.status).toBe(200);
    const events = (await response.text()).split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as { type: string; response?: { text: unknown } });
    const completed = events.find((event) => event.type === 'response.completed');
    expect(completed?.response?.text).toEqual(JSON.parse(text));
  });

  it('refuses a deep body on the admin API too, in the OpenAI shape', async () => {
    const response = await post('/admin/keys', `{"label":"deep","owner":${deepValue}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining(DEPTH_REFUSAL) } });
  });

  it('passes a body nested as deep as the bound allows on to the account', async () => {
    const before = modelRequests();
    // The body object, messages, a message, its content, a block: five levels; the tool input fills the rest.
    const input = `${'{"a":'.repeat(MAX_JSON_DEPTH - 5)}1${'}'.repeat(MAX_JSON_DEPTH - 5)}`;
    const assistant = `{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"deep","input":${input}}]}`;
    const toolResult = '{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}';
    const response = await post('/v1/messages', `{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"hi"},${assistant},${toolResult}]}`);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(modelRequests()).toBe(before + 1);
  });

  it('still serves the next request from a ready account', async () => {
    expect((await post('/v1/messages', '{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"after"}]}')).status).toBe(200);
  });
});
