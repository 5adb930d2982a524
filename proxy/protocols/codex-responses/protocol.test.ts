import { describe, expect, it } from 'vitest';
import { codexResponsesProtocol } from './protocol.js';

describe('the Codex protocol\'s model list', () => {
  it('reads it with the configured client version, caches it 5 minutes, then revalidates with the ETag', async () => {
    const calls: Array<{ url: string; ifNoneMatch: string | null }> = [];
    let now = 0;
    const protocol = codexResponsesProtocol<string>(
      {
        baseUrl: 'http://backend.test/backend-api/',
        credentials: { headers: (token) => ({ authorization: `Bearer ${token}` }) },
        accountCallTimeoutMs: 1000,
        fetch: async (url, init) => {
          const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
          calls.push({ url: String(url), ifNoneMatch });
          if (ifNoneMatch === '"v1"') return new Response(null, { status: 304, headers: { etag: '"v1"' } });
          return Response.json({ models: [{ slug: 'gpt-5.6', display_name: 'GPT-5.6', priority: 1 }, { slug: 'gpt-5.5', priority: 0 }, { slug: 'hidden', visibility: 'hide' }] }, { headers: { etag: '"v1"' } });
        },
      },
      { clientVersion: () => '0.155.0', versionGateFix: 'raise it', cacheKey: (token) => String(token), now: () => now },
    );
    expect(await protocol.listModels('at')).toEqual([
      { id: 'gpt-5.5', displayName: 'gpt-5.5', createdAt: null },
      { id: 'gpt-5.6', displayName: 'GPT-5.6', createdAt: null },
    ]);
    expect(calls).toEqual([{ url: 'http://backend.test/backend-api/codex/models?client_version=0.155.0', ifNoneMatch: null }]);
    now = 60_000;
    await protocol.listModels('at');
    expect(calls).toHaveLength(1);
    now = 6 * 60_000;
    expect((await protocol.listModels('at')).map((model) => model.id)).toEqual(['gpt-5.5', 'gpt-5.6']);
    expect(calls.at(-1)?.ifNoneMatch).toBe('"v1"');
  });

  it('reads the list again once an answer names another one (x-models-etag)', async () => {
    let listReads = 0;
    let named = '"v1"';
    const protocol = codexResponsesProtocol<string>(
      {
        baseUrl: 'http://backend.test/backend-api',
        credentials: { headers: (token) => ({ authorization: `Bearer ${token}` }) },
        accountCallTimeoutMs: 1000,
        fetch: async (url) => {
          if (String(url).includes('/codex/models')) {
            listReads += 1;
            return Response.json({ models: [{ slug: 'gpt-5.5' }] }, { headers: { etag: '"v1"' } });
          }
          return new Response('{"detail":"Instructions are required"}', { status: 400, headers: { 'content-type': 'application/json', 'x-models-etag': named } });
        },
      },
      { clientVersion: () => '0.155.0', versionGateFix: 'raise it', cacheKey: (token) => String(token) },
    );
    const request = { endpoint: 'responses' as const, search: '', headers: {}, body: { model: 'gpt-5.5', input: 'hi' }, rawBody: Buffer.from('{}'), upstreamModel: 'gpt-5.5', signal: new AbortController().signal };
    await protocol.listModels('at');
    await protocol.passthrough(request, 'at'); // names the list it has: it stays
    await protocol.listModels('at');
    expect(listReads).toBe(1);
    named = '"v2"';
    await protocol.passthrough(request, 'at');
    await protocol.listModels('at');
    expect(listReads).toBe(2);
  });
});
