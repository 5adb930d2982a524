import { describe, expect, it } from 'vitest';
import type { ProviderCredentials } from '../accounts/account-pool.js';
import type { Account } from '../accounts/account-file.js';
import { staticKeyCredentials } from './static-key.js';

const credentials = { account: { id: 'k', path: '/tmp/k.json', data: { provider: 'anthropic', access_token: 'sk-1' } } as Account, accessToken: 'sk-1' } satisfies ProviderCredentials;

describe('staticKeyCredentials', () => {
  it("gives the key in the header the upstream takes it in, and only that header", () => {
    expect(staticKeyCredentials('x-api-key').headers(credentials)).toEqual({ 'x-api-key': 'sk-1' });
    expect(staticKeyCredentials('bearer').headers(credentials)).toEqual({ authorization: 'Bearer sk-1' });
  });
});
