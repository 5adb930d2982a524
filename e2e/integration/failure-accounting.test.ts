import { afterEach, describe, expect, it } from 'vitest';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

interface AccountView {
  email: string;
  cooldownUntil: string | null;
  cooldownReason: string | null;
  usage: { requests: number; errors: number; lastError: string | null };
}

const ask = (content: string, stream = false) => JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 64, stream, messages: [{ role: 'user', content }] });

/** What a failure costs the account that met it: the upstream's own reset time, the class of an error inside a stream, the charge. */
describe('failures charged to their account', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function setUp(emails: readonly string[]): Promise<Stack> {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy: 'fill-first' } } } });
    for (const email of emails) await addAccount(stack.store, stack.tokens, email);
    await adminCall(stack, 'POST', '/admin/reload');
    return stack;
  }

  const post = async (path: string, body: string) => {
    const response = await fetch(`${stack!.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const account = async (email: string) => (await adminCall<{ accounts: AccountView[] }>(stack!, 'GET', '/admin/accounts')).body.accounts.find((view) => view.email === email)!;

  it("cools a rate-limited account down until the upstream's own reset time, not a guessed backoff", async () => {
    const stack = await setUp(['reset-first@example.com', 'reset-second@example.com']);
    // The stand-in's 429 says the 5-hour window resets in an hour (unified reset headers and Retry-After).
    stack.api.failNext({ status: 429, retryAfterSeconds: 3600 });
    const sentAt = Date.now();
    expect((await post('/v1/messages', ask('fail over'))).status).toBe(200);

    const limited = await account('reset-first@example.com');
    expect(limited.cooldownReason).toBe('5-hour limit');
    // Without the reset time the cooldown would be a backoff of about a minute.
    expect(Date.parse(limited.cooldownUntil!)).toBeGreaterThanOrEqual(sentAt + 3600_000);
    expect((await account('reset-second@example.com')).cooldownUntil).toBeNull();
  });

  it('keeps the class of an error inside a stream: a rate limit there makes the account sit out, even alone', async () => {
    const stack = await setUp(['stream-class@example.com']);
    stack.api.failNext({ midStreamErrorAfterDeltas: 1, errorType: 'rate_limit_error', message: 'Rate limited' });
    const broken = await post('/v1/messages', ask('a long answer please', true));
    expect(broken.status).toBe(200);
    expect(broken.text).toContain('event: error');

    // A used-up window is not tried again as a last resort, unlike a passing problem: the next request waits.
    const next = await post('/v1/messages', ask('again'));
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await account('stream-class@example.com')).cooldownReason).toBe('error inside the stream: Rate limited');
  });

  it('charges an error inside a passthrough stream to the account that served it', async () => {
    const stack = await setUp(['charged-passthrough@example.com', 'untouched@example.com']);
    stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
    expect((await post('/v1/messages', ask('a long answer please', true))).text).toContain('Overloaded');

    const served = await account('charged-passthrough@example.com');
    expect(served.usage).toMatchObject({ errors: 1, lastError: 'error inside the stream: Overloaded' });
    expect(served.cooldownReason).toBe('error inside the stream: Overloaded');
    expect((await account('untouched@example.com')).usage).toMatchObject({ requests: 0, errors: 0 });
  });

  for (const [path, body] of [
    ['/v1/chat/completions', JSON.stringify({ model: 'claude-sonnet-4-6', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] })],
    ['/v1/responses', JSON.stringify({ model: 'claude-sonnet-4-6', stream: true, input: 'a long answer please' })],
  ] as const) {
    it(`charges an error inside a translated stream (${path}) to the account that served it`, async () => {
      const stack = await setUp(['charged-translated@example.com', 'untouched@example.com']);
      stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
      const answer = await post(path, body);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('Overloaded');

      const served = await account('charged-translated@example.com');
      expect(served.usage).toMatchObject({ errors: 1, lastError: 'error inside the stream: Overloaded' });
      expect(served.cooldownReason).toBe('error inside the stream: Overloaded');
      expect((await account('untouched@example.com')).usage).toMatchObject({ requests: 0, errors: 0 });
    });
  }
});
