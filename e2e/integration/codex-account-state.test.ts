/**
 * What the Codex backend says about a ChatGPT login outside model requests (PROTOCOLS.md §2 "Models"): a 401
 * `token_invalidated` / `token_revoked` from the model list means the login was ended upstream, so the account is
 * marked as needing a new login (its file says why) instead of being tried and failing on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { adminCall } from './harness.js';

const ADA = ada('plus');

interface AccountsBody {
  accounts: Array<{ id: string; status: string; needsLogin: string | null }>;
}

describe('a ChatGPT login the backend ended', () => {
  let stack: CodexStack;

  beforeAll(async () => {
    stack = await startCodexStack([]);
  });
  afterAll(() => stack.close());

  it('is marked as needing a new login when the model list answers 401 token_invalidated', async () => {
    const account = await stack.login(ADA);
    // Codex revoked the refresh token family (a logout elsewhere): its access token is now refused too.
    expect(stack.tokens.revoke(account.data.refresh_token!)).toBe(true);
    await adminCall(stack, 'POST', '/admin/reload');
    const models = stack.backend.requests.filter((request) => request.path.startsWith('/backend-api/codex/models'));
    expect(models).toHaveLength(1);
    const { body } = await adminCall<AccountsBody>(stack, 'GET', '/admin/accounts');
    expect(body.accounts).toEqual([expect.objectContaining({ id: account.id, status: 'needs_login', needsLogin: expect.stringMatching(/token_invalidated.*switchboard login codex/) })]);
    expect((await stack.store.read(account.id))?.data.needs_login).toMatch(/^ChatGPT ended this login/);
  });
});
