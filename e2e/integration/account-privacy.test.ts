import { afterEach, describe, expect, it } from 'vitest';
import { organizationIdOf } from '../stand-ins/anthropic-api-limits.js';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const EMAILS = ['private-first@example.com', 'private-second@example.com'];

const messagesBody = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const chatBody = JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A managed client key is someone else's way into the owner's subscriptions: what it is told must not name the
 * owner's accounts (e-mails, account ids, organization ids). Admin keys — the owner key here — still see them.
 */
describe("the owner's accounts, as client keys see them", () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function setUp(): Promise<{ stack: Stack; clientKey: string; names: string[] }> {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy: 'fill-first' } } } });
    const accounts = [];
    for (const email of EMAILS) accounts.push(await addAccount(stack.store, stack.tokens, email));
    await adminCall(stack, 'POST', '/admin/reload');
    const clientKey = (await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'a friend' })).body.secret;
    // Everything that names an account: its file id, its e-mail (and its local part), its organization.
    const names = accounts.flatMap((account) => [account.id, account.data.email!, account.data.email!.split('@')[0]!, organizationIdOf(account.data.email!)]);
    return { stack, clientKey, names };
  }

  const call = async (path: string, body: string, key: string): Promise<Answer> => {
    const response = await fetch(`${stack!.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  const everything = (answer: Answer) => `${answer.text}\n${[...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}`;

  function expectNoneNamed(answer: Answer, names: readonly string[]): void {
    for (const name of names) expect(everything(answer), name).not.toContain(name);
  }

  function expectNamed(answer: Answer, email: string): void {
    expect(answer.text).toContain(email);
  }

  it('when every account is cooling down (429), on /v1/messages and /v1/chat/completions', async () => {
    const { stack, clientKey, names } = await setUp();
    stack.api.failNext({ status: 429, retryAfterSeconds: 600 }, { status: 429, retryAfterSeconds: 600 });
    await call('/v1/messages', messagesBody, TEST_API_KEY); // both accounts now cool down

    for (const [path, body] of [['/v1/messages', messagesBody], ['/v1/chat/completions', chatBody]] as const) {
      const client = await call(path, body, clientKey);
      expect(client.status, path).toBe(429);
      expect(Number(client.headers.get('retry-after')), path).toBeGreaterThan(0);
      expect(client.text, path).toMatch(/no Claude account can serve this request/);
      expectNoneNamed(client, names);

      const owner = await call(path, body, TEST_API_KEY);
      expect(owner.status, path).toBe(429);
      expectNamed(owner, EMAILS[0]!);
    }
  });

  it('when Claude refuses the logins even after a refresh (503)', async () => {
    const { stack, clientKey, names } = await setUp();
    stack.api.failNext(...Array.from({ length: 4 }, () => ({ status: 401 })));
    const client = await call('/v1/messages', messagesBody, clientKey);
    expect(client.status).toBe(503);
    expect(client.text).toMatch(/refused the login of an account/);
    expectNoneNamed(client, names);

    stack.api.failNext(...Array.from({ length: 4 }, () => ({ status: 401 })));
    const owner = await call('/v1/chat/completions', chatBody, TEST_API_KEY);
    expect(owner.status).toBe(503);
    expect(owner.text).toMatch(/private-(first|second)@example\.com/);
  });

  it('when the logins need to be made again (503), on both routes', async () => {
    const { stack, clientKey, names } = await setUp();
    stack.tokens.expireAccessTokens();
    stack.tokens.revokeRefreshTokens();
    for (const [path, body] of [['/v1/chat/completions', chatBody], ['/v1/messages', messagesBody]] as const) {
      const client = await call(path, body, clientKey);
      expect(client.status, path).toBe(503);
      expect(client.text, path).toMatch(/needs? a new login/);
      // The command that fixes it is the owner's: a client key is told who can fix it, not a command to run.
      expect(client.text, path).not.toMatch(/switchboard (--)? ?login/);
      expectNoneNamed(client, names);
    }
    const owner = await call('/v1/messages', messagesBody, TEST_API_KEY);
    expect(owner.status).toBe(503);
    expect(owner.text).toMatch(/private-(first|second)@example\.com/);
    expect(owner.text).toMatch(/login anthropic/);
  });

  it('when every account is disabled (503)', async () => {
    const { stack, clientKey, names } = await setUp();
    for (const account of await stack.store.accountsOf('anthropic')) await adminCall(stack, 'PATCH', `/admin/accounts/${account.id}`, { enabled: false });
    const client = await call('/v1/responses', JSON.stringify({ model: 'claude-sonnet-4-6', input: 'hi' }), clientKey);
    expect(client.status).toBe(503);
    expectNoneNamed(client, names);
    const owner = await call('/v1/messages', messagesBody, TEST_API_KEY);
    expect(owner.status).toBe(503);
    expectNamed(owner, EMAILS[1]!);
  });

  it("in a served answer's headers (Anthropic names the account's organization)", async () => {
    const { clientKey, names } = await setUp();
    const client = await call('/v1/messages', messagesBody, clientKey);
    expect(client.status).toBe(200);
    expectNoneNamed(client, names);
    const owner = await call('/v1/messages', messagesBody, TEST_API_KEY);
    expect(owner.headers.get('anthropic-organization-id')).toBe(organizationIdOf(EMAILS[0]!));
  });
});
