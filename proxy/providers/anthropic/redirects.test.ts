import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../accounts/account-file.js';
import { validateConfig } from '../../config/load.js';
import { parseChatRequest } from '../../wire/chat/parse-chat-request.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { exchangeCode } from './oauth.js';
import { fetchProfile } from './profile.js';
import { createAnthropicProvider } from './provider.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Every call Switchboard makes to Anthropic, against an upstream that redirects everything to another origin: none
 * follows the redirect (the conversation and the token stay where they were sent), each fails saying why.
 */
describe('no call to Anthropic follows a redirect', () => {
  let target: Server;
  let redirector: Server;
  let reachedTarget: string[];
  let redirectorUrl: string;

  beforeAll(async () => {
    target = createServer((req, res) => {
      reachedTarget.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const targetUrl = await listen(target);
    redirector = createServer((req, res) => res.writeHead(307, { location: `${targetUrl}${req.url}` }).end());
    redirectorUrl = await listen(redirector);
  });
  beforeEach(() => {
    reachedTarget = [];
  });
  afterAll(() => {
    target.close();
    redirector.close();
  });

  const provider = () => {
    const config = validateConfig(
      { providers: { anthropic: { 'base-url': redirectorUrl, oauth: { 'token-url': `${redirectorUrl}/v1/oauth/token`, 'legacy-token-url': null } } } },
      '/tmp/sb-redirects/config.yaml',
    ).providers.anthropic;
    return { config, provider: createAnthropicProvider(config, { fetch, refreshTimeoutMs: 5_000 }) };
  };
  const credentials: ProviderCredentials = { account: { id: 'a', path: '/tmp/a.json', data: { provider: 'anthropic', access_token: 't' } } as unknown as Account, accessToken: 't' };
  const passthrough = (endpoint: 'messages' | 'messages/count_tokens') =>
    provider().provider.protocol.passthrough(
      { endpoint, search: '', headers: {}, body: { model: 'claude-sonnet-4-6' }, rawBody: Buffer.from('{"model":"claude-sonnet-4-6"}'), upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal },
      credentials,
    );

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['POST /v1/messages', () => passthrough('messages'), /^answered with a redirect, which Switchboard never follows$/],
    ['POST /v1/messages/count_tokens', () => passthrough('messages/count_tokens'), /^answered with a redirect/],
    [
      'POST /v1/messages (translated)',
      () => {
        const { request } = parseChatRequest({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });
        return provider().provider.protocol.send({ request, upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal }, credentials);
      },
      /^answered with a redirect/,
    ],
    ['GET /v1/models', () => provider().provider.protocol.listModels(credentials), /^answered with a redirect/],
    ['GET /api/oauth/usage', () => provider().provider.fetchQuota!(credentials), /usage endpoint .*: answered with a redirect/],
    ['GET /api/oauth/profile', () => fetchProfile(redirectorUrl, 't', { fetch }), /^answered with a redirect/],
    ['POST the refresh token', () => provider().provider.refreshTokens!('r'), /^the token endpoint .* answered with a redirect/],
    [
      'POST the login code',
      () => exchangeCode(provider().config.oauth, { code: 'c', state: 's', codeVerifier: 'v', redirectUri: 'http://localhost/callback' }, { fetch }),
      /^the token endpoint .* answered with a redirect/,
    ],
  ])('%s', async (_call, call, message) => {
    await expect(call()).rejects.toThrow(message);
    expect(reachedTarget).toEqual([]);
  });
});
