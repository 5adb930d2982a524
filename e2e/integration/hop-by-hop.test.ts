import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, adminCall, lastModelRequest, startStack, TEST_API_KEY, type Stack } from './harness.js';

/** What a raw HTTP client received: status, headers and the body as text. */
interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** curl asks with `Expect: 100-continue` before it sends a body larger than this. */
const CURL_EXPECT_THRESHOLD = 1024 * 1024;

/**
 * A POST as curl sends it: for a body over 1 MiB `Expect: 100-continue` first and the body only after the
 * server's "100 Continue" (Node's own server sends it). Extra headers go along as they are.
 */
function postLikeCurl(url: string, body: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const length = Buffer.byteLength(body);
    const expectContinue = length > CURL_EXPECT_THRESHOLD;
    const sent = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...(expectContinue ? { expect: '100-continue' } : {}), 'content-length': length, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    if (expectContinue) sent.on('continue', () => sent.end(body));
    else sent.end(body);
    sent.on('error', reject);
  });
}

const EMAILS = ['hop-first@example.com', 'hop-second@example.com'];

describe('hop-by-hop headers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy: 'fill-first' } } } });
    for (const email of EMAILS) await addAccount(stack.store, stack.tokens, email);
    await adminCall(stack, 'POST', '/admin/reload');
  });
  afterAll(() => stack.close());

  it('serves a body over 1 MiB sent with Expect: 100-continue, as curl sends it, and cools no account', async () => {
    const text = 'x'.repeat(1_200_000);
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: text }] });
    expect(Buffer.byteLength(body)).toBeGreaterThan(CURL_EXPECT_THRESHOLD);

    const answer = await postLikeCurl(`${stack.url}/v1/messages`, body, { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'message', role: 'assistant' });
    const upstream = lastModelRequest(stack);
    expect(upstream.headers.expect).toBeUndefined();
    expect((upstream.body as { messages: { content: string }[] }).messages[0]!.content).toBe(text);
    const accounts = (await adminCall<{ accounts: { state: string; usage: { errors: number } }[] }>(stack, 'GET', '/admin/accounts')).body.accounts;
    expect(accounts.map((account) => account.usage.errors)).toEqual([0, 0]);
    expect(accounts.every((account) => account.state.startsWith('ready'))).toBe(true);
  });

  it('sends no connection-specific header upstream, nor any header the Connection header names', async () => {
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hop' }] });
    const answer = await postLikeCurl(`${stack.url}/v1/messages`, body, {
      'x-api-key': TEST_API_KEY,
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      connection: 'keep-alive, x-hop-private',
      'x-hop-private': 'for the next hop only',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'proxy-authorization': 'Basic c2VjcmV0',
      'proxy-foo': 'bar',
      'x-end-to-end': 'kept',
    });

    expect(answer.status).toBe(200);
    const { headers } = lastModelRequest(stack);
    for (const name of ['expect', 'x-hop-private', 'keep-alive', 'te', 'proxy-authorization', 'proxy-foo']) expect(headers[name], name).toBeUndefined();
    expect(headers.connection ?? '').not.toContain('x-hop-private'); // fetch sends its own "keep-alive"
    expect(headers['x-end-to-end']).toBe('kept');
  });
});
