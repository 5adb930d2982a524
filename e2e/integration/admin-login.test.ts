import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAuthorizeForm, textOfId } from '../stand-ins/anthropic-oauth.js';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

/** Adding and removing an account from the dashboard: the manual login flow through the admin API. */
describe('admin API: log in and remove an account', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withAccount: false });
  });
  afterAll(() => stack.close());

  const call = <T>(method: string, path: string, body?: unknown) => adminCall<T>(stack, method, path, body);

  it('logs in with the pasted code, serves with the new account at once, and removes it', async () => {
    const started = await call<{ attemptId: string; url: string; policyNote: string }>('POST', '/admin/accounts/login', { provider: 'anthropic' });
    expect(started.status).toBe(201);
    expect(started.body.policyNote).toMatch(/extra usage/);

    // The person's browser: approve, then read the code#state the callback page shows.
    const callback = await submitAuthorizeForm(started.body.url, { email: 'dashboard@example.com' });
    const code = textOfId(await (await fetch(callback)).text(), 'code');
    const finished = await call<{ account: { id: string; email: string } }>('POST', `/admin/accounts/login/${started.body.attemptId}`, { code });
    expect(finished.status).toBe(200);
    expect(finished.body.account.email).toBe('dashboard@example.com');

    const served = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(served.status).toBe(200);

    expect((await call('DELETE', `/admin/accounts/${finished.body.account.id}`)).status).toBe(200);
    expect((await call<{ accounts: unknown[] }>('GET', '/admin/accounts')).body.accounts).toEqual([]);
  });
});
