import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../../proxy/bounded-text.js';
import { databasePath } from '../../proxy/usage/database.js';
import { MAX_MODEL_NAME_LENGTH } from '../../proxy/wire/model-name.js';
import { adminCall, startStack, type Stack } from './harness.js';

const HUGE_MODEL = 'm'.repeat(5_000_000);

/** Each client format's endpoints, with a body naming `model`, and the error shape its clients parse. */
const ENDPOINTS = [
  { path: '/v1/messages', shape: 'anthropic', body: (model: string) => ({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }) },
  { path: '/v1/messages/count_tokens', shape: 'anthropic', body: (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] }) },
  { path: '/v1/chat/completions', shape: 'openai', body: (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] }) },
  { path: '/v1/responses', shape: 'openai', body: (model: string) => ({ model, input: 'hi' }) },
] as const;

interface RequestRow {
  modelRequested: string | null;
  endpoint: string;
  error: string | null;
}

/**
 * A managed client key sent megabyte model names: the ledger grew by hundreds of MB and /admin/requests answered
 * 157 MB. A model name longer than any model is now a 400 in the client's own shape, before the key policy reads
 * it, and what the ledger keeps of any request is bounded.
 */
describe('texts a client chooses are bounded', () => {
  let stack: Stack;
  let clientKey: string;
  beforeAll(async () => {
    stack = await startStack();
    // An allow-list: the key policy would refuse the name with a 403 that quotes it, were the name read first.
    clientKey = (await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'client', role: 'client', allowedModels: ['claude-sonnet-4-6'] })).body.secret;
  });
  afterAll(() => stack.close());

  const post = (path: string, body: unknown) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const dataSize = () => {
    const file = databasePath(stack.config['data-dir']);
    return statSync(file).size + statSync(`${file}-wal`).size;
  };

  it('answers an over-long model name with a 400 in each client’s own shape, and keeps the ledger small', async () => {
    const before = dataSize();
    const modelRequests = stack.api.requests.length;
    for (let round = 0; round < 5; round++) {
      for (const endpoint of ENDPOINTS) {
        const response = await post(endpoint.path, endpoint.body(HUGE_MODEL));
        expect(response.status, endpoint.path).toBe(400);
        const text = await response.text();
        expect(text.length).toBeLessThan(MAX_MESSAGE_LENGTH + 500);
        const expected = { type: 'invalid_request_error', message: `model: a model name has at most ${MAX_MODEL_NAME_LENGTH} characters` };
        if (endpoint.shape === 'anthropic') expect(JSON.parse(text)).toMatchObject({ type: 'error', error: expected });
        else expect(JSON.parse(text)).toMatchObject({ error: { ...expected, param: 'model' } });
      }
    }
    expect(stack.api.requests.length).toBe(modelRequests);
    // 20 requests of 5 MB each: the ledger grew by a few kilobytes, not by 100 MB.
    expect(dataSize() - before).toBeLessThan(1_000_000);
  });

  it('keeps /admin/requests small, every text in it bounded', async () => {
    const response = await fetch(`${stack.url}/admin/requests?limit=200`, { headers: { authorization: `Bearer ${stack.config['api-keys'][0]}` } });
    const text = await response.text();
    expect(text.length).toBeLessThan(200_000);
    const { requests } = JSON.parse(text) as { requests: RequestRow[] };
    expect(requests.length).toBeGreaterThanOrEqual(20);
    for (const request of requests) {
      expect(request.modelRequested?.length ?? 0).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      expect(request.error?.length ?? 0).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    }
  });

  it('bounds an error answer that quotes the request: a 10 000-character unknown path', async () => {
    const response = await post(`/v1/${'p'.repeat(10_000)}`, {});
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toMatch(/^no such endpoint: POST \/v1\/p+… \([\d,]+ more characters\)$/);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });

  it('bounds a field name a client chose when an error names it', async () => {
    const key = 'k'.repeat(100_000);
    const response = await post('/v1/responses', { model: 'claude-sonnet-4-6', input: 'hi', metadata: { [key]: 'v' } });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; param: string } };
    expect(error.message).toMatch(/^metadata\.k+… \([\d,]+ more characters\)$/);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.param).toMatch(/^metadata\.k+…/);
    expect(error.param.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });

  it('still quotes a model name within the bound in its refusal', async () => {
    const unknown = `claude-${'x'.repeat(MAX_MODEL_NAME_LENGTH - 7)}`;
    const response = await post('/v1/chat/completions', ENDPOINTS[2].body(unknown));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(unknown);
  });
});
