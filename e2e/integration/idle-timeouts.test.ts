import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

interface AccountView {
  usage: { errors: number; lastError: string | null };
}
interface RequestsPage {
  requests: { endpoint: string; outcome: string; error: string | null }[];
}

/**
 * An upstream that starts answering and then goes silent must not hold the client forever: after
 * timeouts.idle the client's stream ends with an error in its own format (never a hang, never a silent
 * truncation). A guard that never fires shows here as a request that outlives its bound.
 */
describe('an upstream that goes silent mid-answer', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { timeouts: { idle: '400ms' } } });
  });
  afterAll(() => stack.close());

  /** The whole answer as text; a client that waits longer than this bound has been left hanging. */
  const post = async (path: string, body: object) => {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text() };
  };
  const errorsOfAccount = async () => (await adminCall<{ accounts: AccountView[] }>(stack, 'GET', '/admin/accounts')).body.accounts[0]!.usage;
  const lastRequest = async () => (await adminCall<RequestsPage>(stack, 'GET', '/admin/requests?limit=1')).body.requests[0]!;

  it('ends a passthrough stream with an Anthropic error event (http/relay.ts), charged to the account', async () => {
    const before = await errorsOfAccount();
    stack.api.failNext({ stallAfterDeltas: 1 });
    const answer = await post('/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'a long answer please' }] });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('event: content_block_delta');
    expect(answer.text.trimEnd()).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"timeout_error","message":"the upstream sent nothing for \d+s"\}\}$/);
    expect(await errorsOfAccount()).toMatchObject({ errors: before.errors + 1, lastError: expect.stringMatching(/^error inside the stream: the upstream sent nothing/) });
    await expect.poll(lastRequest).toMatchObject({ endpoint: '/v1/messages', outcome: 'error', error: expect.stringMatching(/sent nothing/) });
  });

  it('answers a passthrough request that waits for the whole answer with a 504 in Anthropic form (http/relay.ts), charged to the account', async () => {
    const before = await errorsOfAccount();
    stack.api.failNext({ breakAnswer: 'stall' });
    const answer = await post('/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'a long answer please' }] });
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'error', error: { type: 'timeout_error', message: expect.stringMatching(/^the upstream sent nothing for \d+s$/) } });
    expect(await errorsOfAccount()).toMatchObject({ errors: before.errors + 1, lastError: expect.stringMatching(/^error inside the stream: the upstream sent nothing/) });
    await expect.poll(lastRequest).toMatchObject({ endpoint: '/v1/messages', outcome: 'error', error: expect.stringMatching(/sent nothing/) });
  });

  it('ends a translated stream with an error chunk in the OpenAI format (wire/idle-timeout.ts), charged to the account', async () => {
    const before = await errorsOfAccount();
    stack.api.failNext({ stallAfterDeltas: 1 });
    const answer = await post('/v1/chat/completions', { model: 'claude-sonnet-4-6', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] });
    expect(answer.status).toBe(200);
    const chunks = answer.text.split('\n\n').filter(Boolean);
    expect(chunks.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(chunks.at(-2)!.replace(/^data: /, ''))).toMatchObject({ error: { message: expect.stringMatching(/^Claude sent nothing for \d+s$/) } });
    expect(await errorsOfAccount()).toMatchObject({ errors: before.errors + 1, lastError: expect.stringMatching(/^error inside the stream: Claude sent nothing/) });
    await expect.poll(lastRequest).toMatchObject({ endpoint: '/v1/chat/completions', outcome: 'error', error: expect.stringMatching(/sent nothing/) });
  });

  it('answers a translated request that waits for the whole answer with a 504', async () => {
    stack.api.failNext({ stallAfterDeltas: 1 });
    const answer = await post('/v1/responses', { model: 'claude-sonnet-4-6', input: 'a long answer please' });
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { message: expect.stringMatching(/sent nothing for/) } });
  });
});
