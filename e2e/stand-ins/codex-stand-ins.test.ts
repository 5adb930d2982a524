import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEX_CLIENT_ID, startCodexAuthStandIn, type CodexAuthStandIn } from './codex-auth.js';
import { startCodexBackendStandIn, type CodexBackendStandIn } from './codex-backend.js';
import { CODEX_AUTH_CLAIM, DEFAULT_CODEX_USER } from './codex-identity.js';
import { CodexTokenRegistry } from './codex-tokens.js';

interface StreamEvent {
  type: string;
  response?: { output: unknown[]; usage?: { input_tokens: number } };
  item?: { type?: string; content?: Array<{ text: string }> };
}

/** The Codex stand-ins enforce what PROTOCOLS.md §2 says the real auth server and backend enforce. */
describe('Codex stand-ins', () => {
  const tokens = new CodexTokenRegistry();
  let auth: CodexAuthStandIn;
  let backend: CodexBackendStandIn;

  beforeAll(async () => {
    auth = await startCodexAuthStandIn({ tokens });
    backend = await startCodexBackendStandIn({ tokens });
  });
  afterAll(async () => Promise.all([auth.close(), backend.close()]));

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeUrl = (challenge: string, overrides: Record<string, string> = {}) => {
    const url = new URL(`${auth.url}/oauth/authorize`);
    const params = {
      response_type: 'code',
      client_id: CODEX_CLIENT_ID,
      redirect_uri: 'http://localhost:1455/auth/callback',
      scope: 'openid profile email offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      state: 'st4te',
      originator: 'codex_cli_rs',
      ...overrides,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  };
  const tokenForm = (fields: Record<string, string>) =>
    fetch(`${auth.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const refreshJson = (refreshToken: string) =>
    fetch(`${auth.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: CODEX_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }) });
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  async function codeFor(challenge: string, redirect = 'http://localhost:1455/auth/callback'): Promise<string> {
    const answer = await fetch(authorizeUrl(challenge, { redirect_uri: redirect }), { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('st4te');
    return location.searchParams.get('code')!;
  }

  it('authorizes with PKCE S256 on the registered redirects only, and exchanges a form for id, access and refresh tokens', async () => {
    const { verifier, challenge } = pkce();
    expect((await fetch(authorizeUrl(challenge, { redirect_uri: 'http://localhost:9999/auth/callback' }), { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(authorizeUrl(challenge, { code_challenge_method: 'plain' }), { redirect: 'manual' })).status).toBe(400);
    const code = await codeFor(challenge, 'http://localhost:1457/auth/callback');
    const wrongVerifier = await tokenForm({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:1457/auth/callback', client_id: CODEX_CLIENT_ID, code_verifier: pkce().verifier });
    expect(wrongVerifier.status).toBe(400);
    const asJson = await fetch(`${auth.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code, client_id: CODEX_CLIENT_ID, redirect_uri: 'http://localhost:1457/auth/callback', code_verifier: verifier }) });
    expect(asJson.status).toBe(400);
    const exchanged = await tokenForm({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:1457/auth/callback', client_id: CODEX_CLIENT_ID, code_verifier: verifier });
    expect(exchanged.status).toBe(200);
    const body = (await exchanged.json()) as { id_token: string; access_token: string; refresh_token: string };
    const claims = claimsOf(body.id_token);
    expect(claims['email']).toBe(DEFAULT_CODEX_USER.email);
    expect(claims[CODEX_AUTH_CLAIM]).toMatchObject({ chatgpt_account_id: DEFAULT_CODEX_USER.accountId, chatgpt_user_id: DEFAULT_CODEX_USER.userId, chatgpt_plan_type: 'plus' });
    expect(typeof claimsOf(body.access_token)['exp']).toBe('number');
    // A code is single-use.
    expect((await tokenForm({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:1457/auth/callback', client_id: CODEX_CLIENT_ID, code_verifier: verifier })).status).toBe(400);
  });

  it('rotates refresh tokens strictly: a reused one is refresh_token_reused and ends the whole login', async () => {
    const first = tokens.issue(DEFAULT_CODEX_USER);
    const rotated = await refreshJson(first.refreshToken);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as { refresh_token: string; access_token: string };
    expect(second.refresh_token).not.toBe(first.refreshToken);
    const reused = await refreshJson(first.refreshToken);
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('refresh_token_reused');
    const afterReuse = await tokenForm({ client_id: CODEX_CLIENT_ID, grant_type: 'refresh_token', refresh_token: second.refresh_token, scope: 'openid profile email' });
    expect(((await afterReuse.json()) as { error: { code: string } }).error.code).toBe('refresh_token_invalidated');
    expect(tokens.check(second.access_token)).toEqual({ problem: 'revoked' });
  });

  it('accepts a form refresh, and a revoked refresh token is refresh_token_invalidated', async () => {
    const login = tokens.issue(DEFAULT_CODEX_USER);
    const form = await tokenForm({ client_id: CODEX_CLIENT_ID, grant_type: 'refresh_token', refresh_token: login.refreshToken, scope: 'openid profile email' });
    const { refresh_token } = (await form.json()) as { refresh_token: string };
    await fetch(`${auth.url}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: refresh_token, token_type_hint: 'refresh_token', client_id: CODEX_CLIENT_ID }) });
    expect(auth.revoked).toContain(refresh_token);
    const refused = await refreshJson(refresh_token);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('refresh_token_invalidated');
  });

  it('runs the device-code flow: pending until approved, then a code exchanged on the device redirect', async () => {
    const start = await fetch(`${auth.url}/api/accounts/deviceauth/usercode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: CODEX_CLIENT_ID }) });
    const { device_auth_id, user_code, interval } = (await start.json()) as { device_auth_id: string; user_code: string; interval: string };
    expect(typeof interval).toBe('string');
    const poll = () => fetch(`${auth.url}/api/accounts/deviceauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ device_auth_id, user_code }) });
    expect((await poll()).status).toBe(403);
    auth.approveDevice(user_code);
    const granted = (await (await poll()).json()) as { authorization_code: string; code_verifier: string };
    const exchanged = await tokenForm({ grant_type: 'authorization_code', code: granted.authorization_code, redirect_uri: `${auth.url}/deviceauth/callback`, client_id: CODEX_CLIENT_ID, code_verifier: granted.code_verifier });
    expect(exchanged.status).toBe(200);
  });

  it('approves a device code on its verification page, for a login tried by hand', async () => {
    const start = await fetch(`${auth.url}/api/accounts/deviceauth/usercode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: CODEX_CLIENT_ID }) });
    const { device_auth_id, user_code } = (await start.json()) as { device_auth_id: string; user_code: string };
    expect((await fetch(`${auth.url}/codex/device`)).status).toBe(200); // the form
    expect((await fetch(`${auth.url}/codex/device?user_code=NOPE-000000`)).status).toBe(404);
    expect((await fetch(`${auth.url}/codex/device?user_code=${user_code.toLowerCase()}`)).status).toBe(200);
    const poll = await fetch(`${auth.url}/api/accounts/deviceauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ device_auth_id, user_code }) });
    expect(poll.status).toBe(200);
  });

  describe('backend', () => {
    const login = () => tokens.issue(DEFAULT_CODEX_USER);
    const headers = (accessToken: string, extra: Record<string, string> = {}) => ({
      authorization: `Bearer ${accessToken}`,
      'chatgpt-account-id': DEFAULT_CODEX_USER.accountId,
      originator: 'codex_cli_rs',
      version: '0.155.0',
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...extra,
    });
    const valid = { model: 'gpt-5.5', instructions: '', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say exactly: hi codex' }] }], stream: true, store: false };
    const post = (accessToken: string, body: unknown, extra: Record<string, string> = {}, path = 'codex/responses') =>
      fetch(`${backend.baseUrl}/${path}`, { method: 'POST', headers: headers(accessToken, extra), body: JSON.stringify(body) });
    const detailOf = async (answer: Response) => ({ status: answer.status, detail: ((await answer.json()) as { detail: string }).detail });

    it('refuses what the real backend refuses: missing instructions, store, non-stream, stripped fields, system role, missing identity, old client version', async () => {
      const { accessToken } = login();
      const { instructions: _i, ...noInstructions } = valid;
      expect(await detailOf(await post(accessToken, noInstructions))).toEqual({ status: 400, detail: 'Instructions are required' });
      expect(await detailOf(await post(accessToken, { ...valid, store: true }))).toEqual({ status: 400, detail: 'Store must be set to false' });
      expect(await detailOf(await post(accessToken, { ...valid, stream: false }))).toEqual({ status: 400, detail: 'Stream must be set to true' });
      expect(await detailOf(await post(accessToken, { ...valid, max_output_tokens: 10 }))).toEqual({ status: 400, detail: 'Unsupported parameter: max_output_tokens' });
      expect((await post(accessToken, { ...valid, input: [{ type: 'message', role: 'system', content: 'x' }] })).status).toBe(400);
      expect((await post(accessToken, valid, { originator: '' })).status).toBe(400);
      expect((await post(accessToken, valid, { 'openai-beta': 'responses=experimental' })).status).toBe(400);
      expect((await post(accessToken, valid, { 'chatgpt-account-id': 'someone-else' })).status).toBe(403);
      const gated = await detailOf(await post(accessToken, { ...valid, model: 'gpt-5.6' }, { version: '0.128.0' }));
      expect(gated.detail).toMatch(/requires a newer version of Codex/);
      expect((await detailOf(await post(accessToken, { ...valid, model: 'gpt-9' }))).detail).toMatch(/not supported when using Codex with a ChatGPT account/);
    });

    it('refuses an earlier answer\'s item sent back by its id (nothing is stored), takes an id the client made, and refuses a tool output that answers no call', async () => {
      const { accessToken } = login();
      const [question] = valid.input;
      const earlier = await (await post(accessToken, valid)).text();
      const done = earlier.split('\n').filter((line) => line.startsWith('data: ') && line.includes('response.output_item.done'));
      const issued = (JSON.parse(done[0]!.slice(6)) as { item: { id: string } }).item.id;
      const answered = { type: 'message', id: issued, role: 'assistant', content: [{ type: 'output_text', text: 'Hi.' }] };
      const withId = await detailOf(await post(accessToken, { ...valid, input: [question, answered, question] }));
      expect(withId).toEqual({ status: 404, detail: expect.stringMatching(new RegExp(`^Item with id '${issued}' not found\\. Items are not persisted when \`store\` is set to false`)) });
      expect((await post(accessToken, { ...valid, input: [{ ...question, id: 'msg_0b6f0c4e-made-by-the-client' }] })).status).toBe(200);
      const orphan = await detailOf(await post(accessToken, { ...valid, input: [question, { type: 'function_call_output', call_id: 'call_nowhere', output: 'Sunny' }] }));
      expect(orphan).toEqual({ status: 400, detail: 'No tool call found for function call output with call_id call_nowhere.' });
    });

    it('streams with codex.rate_limits, the x-codex-* headers and an empty response.completed output', async () => {
      const answer = await post(login().accessToken, valid);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-codex-primary-window-minutes')).toBe('300');
      expect(answer.headers.get('x-codex-secondary-window-minutes')).toBe('10080');
      const events = (await answer.text()).split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as StreamEvent);
      expect(events.map((event) => event.type).slice(0, 3)).toEqual(['response.created', 'response.in_progress', 'codex.rate_limits']);
      const completed = events.at(-1)!;
      expect(completed.type).toBe('response.completed');
      expect(completed.response?.output).toEqual([]);
      expect(completed.response?.usage?.input_tokens).toBeGreaterThan(0);
      const done = events.filter((event) => event.type === 'response.output_item.done');
      expect(done.find((event) => event.item?.type === 'message')?.item?.content?.[0]?.text).toBe('hi codex');
    });

    it('reasons before answering (at the model\'s default effort unless told), and takes that reasoning back only as it wrote it', async () => {
      const { accessToken } = login();
      const stream = await (await post(accessToken, { ...valid, reasoning: { effort: 'low', summary: 'auto' } })).text();
      const events = stream.split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as StreamEvent & { output_index?: number });
      const done = events.filter((event) => event.type === 'response.output_item.done');
      expect(done.map((event) => [event.output_index, event.item?.type])).toEqual([[0, 'reasoning'], [1, 'message']]);
      const reasoning = done[0]!.item as unknown as { type: 'reasoning'; summary: unknown[]; encrypted_content: string };
      expect(reasoning.encrypted_content).toMatch(/^gAAAAB/);
      const next = (encrypted: string) => ({ ...valid, input: [...valid.input, { type: 'reasoning', summary: reasoning.summary, encrypted_content: encrypted }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi codex' }] }, ...valid.input] });
      expect((await post(accessToken, next(reasoning.encrypted_content))).status).toBe(200);
      expect(await detailOf(await post(accessToken, next(`${reasoning.encrypted_content}x`)))).toEqual({ status: 400, detail: expect.stringMatching(/could not be verified/) });
      // Without a reasoning field it reasons all the same, only without a summary; effort "none" (where the model takes it) does not.
      const unasked = await (await post(accessToken, valid)).text();
      expect(unasked).toContain('"type":"reasoning"');
      expect(unasked).not.toContain('reasoning_summary');
      expect(await (await post(accessToken, { ...valid, model: 'gpt-5.6', reasoning: { effort: 'none' } })).text()).not.toContain('"type":"reasoning"');
    });

    it('fails inside a 200 stream right after its opening, and ends a cut answer with response.incomplete', async () => {
      backend.failNext({ inStream: { code: 'server_is_overloaded' } }, { incomplete: 'max_output_tokens' });
      const failed = await (await post(login().accessToken, valid)).text();
      expect(failed).toMatch(/event: response\.failed\n.*"code":"server_is_overloaded"/);
      expect(failed).not.toMatch(/output_item/);
      expect(await (await post(login().accessToken, valid)).text()).toMatch(/event: response\.incomplete\n.*"reason":"max_output_tokens"/);
    });

    it('answers 401 token_expired and token_invalidated for dead tokens, and usage_limit_reached when a window is full', async () => {
      const expired = login();
      tokens.expireAccessTokens(DEFAULT_CODEX_USER.userId);
      const answer = await post(expired.accessToken, valid);
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('token_expired');
      const now = Math.floor(Date.now() / 1000);
      backend.setLimits({ secondary: { usedPercent: 100, windowMinutes: 10080, resetAt: now + 3600 } });
      backend.failNext({ status: 429 });
      const limited = (await (await post(login().accessToken, valid)).json()) as { error: { type: string; resets_at: number } };
      expect(limited.error).toMatchObject({ type: 'usage_limit_reached', resets_at: now + 3600 });
      backend.setLimits({ secondary: { usedPercent: 40, windowMinutes: 10080, resetAt: now + 3600 } });
    });

    it('lists models by client version (an old one silently gets fewer) with an ETag, and serves wham/usage and compact', async () => {
      const { accessToken } = login();
      const list = await fetch(`${backend.baseUrl}/codex/models?client_version=0.155.0`, { headers: headers(accessToken) });
      const etag = list.headers.get('etag')!;
      const slugs = ((await list.json()) as { models: Array<{ slug: string }> }).models.map((model) => model.slug);
      expect(slugs).toContain('gpt-6-astra');
      const old = (await (await fetch(`${backend.baseUrl}/codex/models?client_version=0.128.0`, { headers: headers(accessToken) })).json()) as { models: Array<{ slug: string }> };
      expect(old.models.map((model) => model.slug)).toEqual(['gpt-5.4', 'gpt-5.5']);
      expect((await fetch(`${backend.baseUrl}/codex/models?client_version=0.155.0`, { headers: headers(accessToken, { 'if-none-match': etag }) })).status).toBe(304);
      const usage = (await (await fetch(`${backend.baseUrl}/wham/usage`, { headers: headers(accessToken) })).json()) as { rate_limit: { secondary_window: { limit_window_seconds: number } } };
      expect(usage.rate_limit.secondary_window.limit_window_seconds).toBe(604800);
      const compactBody = { model: 'gpt-5.5', input: valid.input, instructions: '' };
      expect((await post(accessToken, { ...compactBody, stream: true }, {}, 'codex/responses/compact')).status).toBe(400);
      const compacted = (await (await post(accessToken, compactBody, { accept: 'application/json' }, 'codex/responses/compact')).json()) as { output: unknown[] };
      expect(compacted.output.length).toBeGreaterThan(0);
    });
  });
});
