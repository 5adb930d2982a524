import { describe, expect, it } from 'vitest';
import type { Account } from '../../accounts/account-file.js';
import { validateConfig } from '../../config/load.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import type { PassthroughRequest } from '../../protocols/protocol.js';
import { createAnthropicProvider } from './provider.js';

const credentials: ProviderCredentials = { account: { id: 'a', path: '/tmp/a.json', data: { provider: 'anthropic', access_token: 't' } } as unknown as Account, accessToken: 't' };

/** The passthrough's upstream request, as the network would get it. */
async function sent(request: Partial<PassthroughRequest>): Promise<RequestInit['body']> {
  let body: RequestInit['body'];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    body = init.body;
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const config = validateConfig({ providers: { anthropic: {} } }, '/tmp/sb-passthrough-request/config.yaml').providers.anthropic;
  const provider = createAnthropicProvider(config, { fetch: fetchImpl, refreshTimeoutMs: 1000 });
  const parsed = { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
  await provider.protocol.passthrough(
    {
      endpoint: 'messages',
      search: '',
      headers: { 'user-agent': 'claude-cli/2.1.0 (external, cli)' },
      body: parsed,
      rawBody: Buffer.from(JSON.stringify(parsed)),
      upstreamModel: 'claude-sonnet-4-6',
      signal: new AbortController().signal,
      ...request,
    },
    credentials,
  );
  return body;
}

describe('the passthrough upstream request', () => {
  it("hands the client's own bytes to the network when no edit is needed, not a copy of them", async () => {
    const rawBody = Buffer.from('{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}   ');
    expect(await sent({ rawBody })).toBe(rawBody);
  });

  it('sends the edited body when the model is renamed', async () => {
    const body = await sent({ upstreamModel: 'claude-sonnet-4-6-20260101' });
    expect(JSON.parse(body as string)).toMatchObject({ model: 'claude-sonnet-4-6-20260101' });
  });
});
