import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOwnerKey } from '../../proxy/index.js';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

describe('rotating the owner key from the dashboard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withAccount: false });
  });
  afterAll(() => stack.close());

  const post = (key: string) => fetch(`${stack.url}/admin/owner-key/rotate`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  const accounts = async (key: string) => (await fetch(`${stack.url}/admin/accounts`, { headers: { authorization: `Bearer ${key}` } })).status;

  it('lets only the owner key replace itself; the old key stops working at once', async () => {
    const { key: owner } = await ensureOwnerKey(stack.config['data-dir']);
    // The server notices a new owner key file within a second, as it does after `switchboard key rotate`.
    await expect.poll(() => accounts(owner), { timeout: 5000 }).toBe(200);
    const refused = await post(TEST_API_KEY);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/only the owner key/);

    const rotated = await post(owner);
    expect(rotated.status).toBe(200);
    const { key: replacement } = (await rotated.json()) as { key: string };
    expect(replacement).not.toBe(owner);
    expect(await accounts(owner)).toBe(401);
    expect(await accounts(replacement)).toBe(200);
  });
});
