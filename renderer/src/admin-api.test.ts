import { describe, expect, it } from 'vitest';
import { AdminApiError, createAdminApi, WRONG_KEY_MESSAGE } from './admin-api';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body: unknown, contentType = 'application/json') {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { impl, calls };
}

const header = (call: Call | undefined, name: string) => (call?.init.headers as Record<string, string> | undefined)?.[name];

describe('createAdminApi', () => {
  it('lists accounts with the key as a bearer token', async () => {
    const { impl, calls } = fakeFetch(200, { accounts: [{ id: 'a1', state: 'ready' }] });
    const accounts = await createAdminApi('sk-admin', { fetch: impl }).accounts();
    expect(accounts).toEqual([{ id: 'a1', state: 'ready' }]);
    expect(calls[0]?.url).toBe('/admin/accounts');
    expect(calls[0]?.init.method).toBe('GET');
    expect(header(calls[0], 'authorization')).toBe('Bearer sk-admin');
  });

  it('sends PATCH bodies as JSON', async () => {
    const { impl, calls } = fakeFetch(200, { id: 'a/1', enabled: false });
    await createAdminApi('k', { fetch: impl }).updateAccount('a/1', { enabled: false });
    expect(calls[0]?.url).toBe('/admin/accounts/a%2F1');
    expect(calls[0]?.init.method).toBe('PATCH');
    expect(calls[0]?.init.body).toBe('{"enabled":false}');
    expect(header(calls[0], 'content-type')).toBe('application/json');
  });

  it('builds the usage query', async () => {
    const { impl, calls } = fakeFetch(200, { totals: {}, series: { buckets: [] }, costLabel: 'x' });
    const api = createAdminApi('k', { fetch: impl });
    await api.usage({ bucket: 'day', groupBy: 'model', from: 1, to: 2, key: 'key_1' });
    await api.usage();
    expect(calls.map((call) => call.url)).toEqual(['/admin/usage?bucket=day&group-by=model&from=1&to=2&key=key_1', '/admin/usage']);
  });

  it('refuses a usage answer that is not a report, in words', async () => {
    const { impl } = fakeFetch(200, { nope: true });
    await expect(createAdminApi('k', { fetch: impl }).usage()).rejects.toThrow(/does not understand/);
  });

  it('exports the CSV for the same range and filters, without the series', async () => {
    const { impl, calls } = fakeFetch(200, 'at,model\n1,x\n', 'text/csv; charset=utf-8');
    const csv = await createAdminApi('k', { fetch: impl }).usageCsv({ bucket: 'day', groupBy: 'model', from: 1, to: 2, provider: 'anthropic' });
    expect(calls[0]?.url).toBe('/admin/usage/export.csv?from=1&to=2&provider=anthropic');
    expect(csv.type).toBe('text/csv');
    expect(await csv.text()).toBe('at,model\n1,x\n');
  });

  it('creates, updates and revokes keys', async () => {
    const created = fakeFetch(201, { id: 'key_1', secret: 'sk-sb-secret' });
    expect((await createAdminApi('k', { fetch: created.impl }).createKey({ label: 'CI', rpmLimit: 30 })).secret).toBe('sk-sb-secret');
    expect(created.calls[0]?.init.method).toBe('POST');
    const revoked = fakeFetch(200, { id: 'key_1', revokedAt: 5 });
    await createAdminApi('k', { fetch: revoked.impl }).revokeKey('key_1');
    expect(revoked.calls[0]?.init.method).toBe('DELETE');
    expect(revoked.calls[0]?.url).toBe('/admin/keys/key_1');
  });

  it('reads health without a key', async () => {
    const { impl, calls } = fakeFetch(200, { status: 'ok', version: '1', providers: {} });
    await createAdminApi('k', { fetch: impl }).health();
    expect(header(calls[0], 'authorization')).toBeUndefined();
  });

  it("turns the server's error into the message", async () => {
    const { impl } = fakeFetch(404, { error: { message: 'no account "x"', type: 'invalid_request_error', code: 'not_found' } });
    const failure = await createAdminApi('k', { fetch: impl }).refreshQuota('x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdminApiError);
    expect((failure as AdminApiError).message).toBe('no account "x"');
    expect((failure as AdminApiError).status).toBe(404);
    expect((failure as AdminApiError).code).toBe('not_found');
  });

  it('explains 401 and 403 as a wrong or non-admin key', async () => {
    for (const status of [401, 403]) {
      const { impl } = fakeFetch(status, { error: { message: 'invalid api key', type: 'authentication_error', code: null } });
      const failure = await createAdminApi('k', { fetch: impl }).keys().catch((error: unknown) => error);
      expect((failure as Error).message).toContain(WRONG_KEY_MESSAGE);
      expect((failure as Error).message).toContain('invalid api key');
    }
  });

  it('shows an owner-key-only refusal as the server says it', async () => {
    const { impl } = fakeFetch(403, { error: { message: 'only the owner key can rotate the owner key', type: 'permission_error', code: 'owner_key_required' } });
    const failure = await createAdminApi('k', { fetch: impl }).request('POST', '/admin/owner-key/rotate').catch((error: unknown) => error);
    expect((failure as Error).message).toBe('only the owner key can rotate the owner key');
  });

  it('explains failures without a body', async () => {
    const { impl } = fakeFetch(500, 'oops not json');
    await expect(createAdminApi('k', { fetch: impl }).keys()).rejects.toThrow('The proxy answered with status 500 and no explanation.');
  });

  it('explains an unreachable proxy', async () => {
    const impl = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(createAdminApi('k', { fetch: impl }).accounts()).rejects.toThrow('Cannot reach the proxy. Is it running?');
  });

  it('tells the page when the key stops being accepted, and only then', async () => {
    const refused: string[] = [];
    const onUnauthorized = (error: AdminApiError) => refused.push(error.message);
    const revoked = fakeFetch(401, { error: { message: 'invalid api key' } });
    await expect(createAdminApi('k', { fetch: revoked.impl, onUnauthorized }).keys()).rejects.toThrow(WRONG_KEY_MESSAGE);
    expect(refused).toEqual([expect.stringContaining('invalid api key')]);
    for (const [status, body] of [[403, { error: { message: 'owner only', code: 'owner_key_required' } }], [404, {}], [500, {}]] as const) {
      await createAdminApi('k', { fetch: fakeFetch(status, body).impl, onUnauthorized }).request('POST', '/admin/owner-key/rotate').catch(() => undefined);
    }
    expect(refused).toHaveLength(1);
  });

  it('sends a client only the model fields that were filled in', async () => {
    const { impl, calls } = fakeFetch(200, { path: '/p', changed: ['ANTHROPIC_BASE_URL'], backupPath: null, keyId: 'key_1', status: null });
    const api = createAdminApi('k', { fetch: impl });
    expect((await api.configureClient('claude-code', { main: '' })).changed).toEqual(['ANTHROPIC_BASE_URL']);
    await api.configureClient('codex', { main: ' gpt-5 ' });
    expect(calls.map((call) => [call.url, call.init.body])).toEqual([
      ['/admin/clients/claude-code/configure', '{}'],
      ['/admin/clients/codex/configure', '{"models":{"main":"gpt-5"}}'],
    ]);
  });

  it('asks for the newest requests, then an older page', async () => {
    const { impl, calls } = fakeFetch(200, { requests: [], next: null });
    const api = createAdminApi('k', { fetch: impl });
    await api.recentRequests({ provider: '', key: 'owner', account: '', outcome: 'error' });
    await api.recentRequests({ provider: '', key: '', account: '', outcome: '' }, 42);
    expect(calls.map((call) => call.url)).toEqual(['/admin/requests?limit=50&key=owner&outcome=error', '/admin/requests?limit=50&before=42']);
  });

  it('hands non-JSON answers (the CSV export) back as text', async () => {
    const { impl } = fakeFetch(200, 'at,model\n1,x\n', 'text/csv; charset=utf-8');
    await expect(createAdminApi('k', { fetch: impl }).request('GET', '/admin/usage/export.csv')).resolves.toBe('at,model\n1,x\n');
  });
});
