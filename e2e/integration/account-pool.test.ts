import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const EMAILS = ['first@example.com', 'second@example.com', 'third@example.com'];

interface AccountView {
  id: string;
  email: string | null;
  status: string;
  state: string;
  cooldownUntil: string | null;
  cooldownReason: string | null;
  quota: { windows: { name: string; usedPercent: number; resetsAt: string | null }[]; source: string } | null;
  usage: { requests: number; errors: number };
}

describe('a pool of accounts', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function setUp(strategy: string, accounts = EMAILS) {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy } } } });
    for (const email of accounts) await addAccount(stack.store, stack.tokens, email);
    await admin(stack, 'POST', '/admin/reload');
    const client = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    return { stack, client };
  }

  const ask = (client: Anthropic, content: string, sessionId?: string) =>
    client.messages.create(
      { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content }] },
      sessionId ? { headers: { 'x-claude-code-session-id': sessionId } } : {},
    );

  /** Which account the stand-in saw for each /v1/messages call, by its bearer token. */
  const servedBy = (stack: Stack) =>
    stack.api.requests.filter((request) => request.path.startsWith('/v1/messages')).map((request) => stack.tokens.accountOf((request.headers.authorization ?? '').replace(/^Bearer /, '')));

  it('fails over when one of three accounts is rate-limited mid-run, and clients see no error', async () => {
    const { stack, client } = await setUp('fill-first');
    expect((await ask(client, 'one')).content[0]).toMatchObject({ text: 'Stand-in reply to: one' });
    stack.api.failNext({ status: 429, retryAfterSeconds: 3600 });
    expect((await ask(client, 'two')).content[0]).toMatchObject({ text: 'Stand-in reply to: two' });
    expect((await ask(client, 'three')).content[0]).toMatchObject({ text: 'Stand-in reply to: three' });
    expect(servedBy(stack)).toEqual([EMAILS[0], EMAILS[0], EMAILS[1], EMAILS[1]]);

    const accounts = await listAccounts(stack);
    expect(accounts.find((account) => account.email === EMAILS[0])!.state).toMatch(/^cooling until .+: 5-hour limit$/);
    expect(accounts.find((account) => account.email === EMAILS[1])!.state).toMatch(/^ready/);
  });

  it('answers 429 with Retry-After once every account is cooling down', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 2));
    stack.api.failNext({ status: 429, retryAfterSeconds: 600 }, { status: 429, retryAfterSeconds: 600 });
    const error = (await ask(client, 'x').catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(429);
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
    const next = (await ask(client, 'y').catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(next.status).toBe(429);
    expect(next.message).toMatch(/cooling until/);
  });

  it('"Try now" ends a cooldown through the admin API: the next request goes to that account again', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 2));
    stack.api.failNext({ status: 429, retryAfterSeconds: 3600 });
    await ask(client, 'first cools down');
    const cooling = (await listAccounts(stack)).find((account) => account.email === EMAILS[0])!;
    expect(cooling).toMatchObject({ status: 'cooling', cooldownUntil: expect.any(String) });

    const cleared = (await admin(stack, 'POST', `/admin/accounts/${cooling.id}/cooldown/clear`)) as AccountView;
    expect(cleared).toMatchObject({ id: cooling.id, status: 'ready', cooldownUntil: null, cooldownReason: null });
    expect(cleared.state).toMatch(/^ready/);
    await ask(client, 'first again');
    expect(servedBy(stack).at(-1)).toBe(EMAILS[0]);
    expect((await adminCall(stack, 'POST', '/admin/accounts/anthropic-nobody/cooldown/clear')).status).toBe(404);
  });

  it('keeps a session on its account (sticky) and spreads new sessions', async () => {
    const { stack, client } = await setUp('sticky');
    for (const round of [1, 2]) {
      await ask(client, `a${round}`, 'session-a');
      await ask(client, `b${round}`, 'session-b');
    }
    const [a1, b1, a2, b2] = servedBy(stack);
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(b1).not.toBe(a1);
  });

  it('rotates with round-robin', async () => {
    const { stack, client } = await setUp('round-robin');
    for (const n of [1, 2, 3, 4]) await ask(client, `rr${n}`);
    const served = servedBy(stack);
    expect(new Set(served.slice(0, 3)).size).toBe(3);
    expect(served[3]).toBe(served[0]);
  });

  it('refreshes before failing over, and moves on when a login is revoked', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 2));
    stack.tokens.expireAccessTokens(EMAILS[0]);
    stack.tokens.revokeRefreshTokens(EMAILS[0]);
    expect((await ask(client, 'still served')).content[0]).toMatchObject({ text: 'Stand-in reply to: still served' });
    expect(servedBy(stack).at(-1)).toBe(EMAILS[1]);
    const first = (await listAccounts(stack)).find((account) => account.email === EMAILS[0])!;
    expect(first.state).toMatch(/^needs login: the refresh token was refused — run `switchboard login anthropic`/);
  });

  it('picks up a login made while the server runs, without a restart', async () => {
    const { stack, client } = await setUp('fill-first', []);
    const error = (await ask(client, 'x').catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(503);
    await addAccount(stack.store, stack.tokens, 'late@example.com');
    expect((await ask(client, 'now')).content[0]).toMatchObject({ text: 'Stand-in reply to: now' });
  });

  it('reloads auth-dir on its own when files change, keeping the counters', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 1));
    await ask(client, 'count me');
    const [account] = await stack.store.accountsOf('anthropic');
    await writeFile(account!.path, JSON.stringify({ ...account!.data, label: 'Work' }));
    await addAccount(stack.store, stack.tokens, 'watched@example.com');
    await expect.poll(async () => (await listAccounts(stack)).length, { timeout: 5000 }).toBe(2);
    const reloaded = (await listAccounts(stack)).find((view) => view.id === account!.id)!;
    expect(reloaded.usage.requests).toBe(1);
    const views = (await admin(stack, 'GET', '/admin/accounts')) as { accounts: { id: string; label: string | null }[] };
    expect(views.accounts.find((view) => view.id === account!.id)!.label).toBe('Work');

    // A file that cannot be used is listed with its problem, not silently left out.
    await writeFile(join(stack.config['auth-dir'], 'anthropic-broken.json'), '{"provider": "anthropic"');
    await admin(stack, 'POST', '/admin/reload');
    const withBroken = (await admin(stack, 'GET', '/admin/accounts')) as { invalid: { path: string; problem: string }[] };
    expect(withBroken.invalid).toHaveLength(1);
    expect(withBroken.invalid[0]!.path).toMatch(/anthropic-broken\.json$/);
    expect(withBroken.invalid[0]!.problem).not.toBe('');
  });

  it('disables an account and changes its priority through the admin API, at once', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 2));
    const [first, second] = await listAccounts(stack);
    await admin(stack, 'PATCH', `/admin/accounts/${first!.id}`, { enabled: false });
    await ask(client, 'skip the first');
    expect(servedBy(stack).at(-1)).toBe(second!.email);
    await admin(stack, 'PATCH', `/admin/accounts/${first!.id}`, { enabled: true, priority: -1 });
    await ask(client, 'lower priority now');
    expect(servedBy(stack).at(-1)).toBe(second!.email);
    const [file] = (await stack.store.accountsOf('anthropic')).filter((account) => account.id === first!.id);
    expect(file!.data).toMatchObject({ disabled: false, priority: -1 });
    expect((await adminCall(stack, 'PATCH', `/admin/accounts/${first!.id}`, { enabled: 'yes' })).status).toBe(400);
  });

  it('shows quota windows from live headers and from the usage endpoint, without spending quota', async () => {
    const { stack, client } = await setUp('fill-first', EMAILS.slice(0, 1));
    stack.api.setUtilization(0.25, 0.5);
    await ask(client, 'hello');
    const fromHeaders = (await listAccounts(stack))[0]!.quota!;
    expect(fromHeaders.source).toBe('headers');
    expect(fromHeaders.windows.find((window) => window.name === 'five_hour')!.usedPercent).toBe(25);

    const modelCalls = servedBy(stack).length;
    stack.api.setUtilization(0.4, 0.6);
    const refreshed = (await admin(stack, 'POST', `/admin/accounts/${(await listAccounts(stack))[0]!.id}/quota`)) as AccountView;
    expect(refreshed.quota!.source).toBe('usage-endpoint');
    expect(refreshed.quota!.windows.find((window) => window.name === 'seven_day')!.usedPercent).toBe(60);
    expect(servedBy(stack).length).toBe(modelCalls); // no model request was sent to read the quota
    expect(stack.api.requests.at(-1)!.path).toBe('/api/oauth/usage');
  });
});

async function admin(stack: Stack, method: string, path: string, body?: unknown) {
  const answer = await adminCall(stack, method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function listAccounts(stack: Stack): Promise<AccountView[]> {
  return ((await admin(stack, 'GET', '/admin/accounts')) as { accounts: AccountView[] }).accounts;
}
