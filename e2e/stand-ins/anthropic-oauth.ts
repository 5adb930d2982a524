/**
 * A stand-in for Anthropic's OAuth server (PROTOCOLS.md §1 "OAuth") that enforces what the real one does:
 * the authorize parameters, single-use codes bound to client, redirect URI and PKCE challenge, a real S256
 * verifier check, JSON-only token requests and rotating refresh tokens. It also answers the profile endpoint
 * (`/api/oauth/profile`, on api.anthropic.com upstream) so a login can be tested against one server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANTHROPIC_DEFAULTS, OAUTH_BETA } from '../../proxy/providers/anthropic/constants.js';
import type { IssuedTokens, TokenRegistry } from './token-registry.js';

export interface AnthropicOAuthStandInOptions {
  tokens: TokenRegistry;
  clientId?: string;
  /** Lifetime of access tokens issued for a code (default: the registry's own; refreshed ones always use the registry's). */
  accessTokenTtlSeconds?: number;
  port?: number;
  host?: string;
  /** What the profile endpoint says about the subscription (default "max"). */
  plan?: 'max' | 'pro' | null;
}

export interface AnthropicOAuthStandIn {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** The stand-in's own "code#state" page, like platform.claude.com/oauth/code/callback. */
  manualRedirectUri: string;
  /** Successful authorization_code grants. */
  readonly exchanges: number;
  /** Successful refresh_token grants. */
  readonly refreshes: number;
  /** The next token request gets this answer instead (e.g. 429 with Retry-After, or 500). */
  failNextToken(status: number, body: unknown, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  scope: string;
}

interface IssuedCode extends AuthorizeRequest {
  email: string;
  used: boolean;
  expiresAt: number;
}

interface ForcedFailure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const CODE_TTL_MS = 10 * 60 * 1000;

export async function startAnthropicOAuthStandIn(options: AnthropicOAuthStandInOptions): Promise<AnthropicOAuthStandIn> {
  const state = new StandInState(options);
  const server = createServer((request, response) => {
    state.handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { error: 'server_error', error_description: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  state.url = url;
  return {
    url,
    authorizeUrl: `${url}/oauth/authorize`,
    tokenUrl: `${url}/v1/oauth/token`,
    manualRedirectUri: `${url}/oauth/code/callback`,
    get exchanges() {
      return state.exchanges;
    },
    get refreshes() {
      return state.refreshes;
    },
    failNextToken(status, body, headers = {}) {
      state.forcedFailures.push({ status, body, headers });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class StandInState {
  url = '';
  exchanges = 0;
  refreshes = 0;
  readonly forcedFailures: ForcedFailure[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly clientId: string;

  constructor(private readonly options: AnthropicOAuthStandInOptions) {
    this.clientId = options.clientId ?? ANTHROPIC_DEFAULTS.oauth.clientId;
  }

  get manualRedirectUri(): string {
    return `${this.url}/oauth/code/callback`;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /oauth/authorize':
        return this.authorizePage(url.searchParams, response);
      case 'POST /oauth/authorize/approve':
        return this.approve(new URLSearchParams(await readBody(request)), response);
      case 'GET /oauth/code/callback':
        return this.manualCallbackPage(url.searchParams, response);
      case 'POST /v1/oauth/token':
        return this.token(request, await readBody(request), response);
      case 'GET /api/oauth/profile':
        return this.profile(request, response);
      default:
        return sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${route}` } });
    }
  }

  // --- authorize ---------------------------------------------------------------------------------------

  private authorizePage(params: URLSearchParams, response: ServerResponse): void {
    if (params.get('response_type') !== 'code') return sendHtml(response, 400, errorPage('response_type must be "code"'));
    if (params.get('code_challenge_method') !== 'S256') return sendHtml(response, 400, errorPage('code_challenge_method must be "S256"'));
    const checked = this.checkAuthorizeRequest(params);
    if (typeof checked === 'string') return sendHtml(response, 400, errorPage(checked));
    sendHtml(response, 200, authorizeForm(checked));
  }

  /** The checks shared by the authorize page and the approve form; a string is the problem. */
  private checkAuthorizeRequest(params: URLSearchParams): AuthorizeRequest | string {
    const request = {
      clientId: params.get('client_id') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
      codeChallenge: params.get('code_challenge') ?? '',
      state: params.get('state') ?? '',
      scope: params.get('scope') ?? '',
    };
    if (request.clientId !== this.clientId) return `unknown client_id "${request.clientId}"`;
    if (!request.redirectUri) return 'redirect_uri is required';
    if (!this.redirectAllowed(request.redirectUri)) return `redirect_uri "${request.redirectUri}" is not registered for this client`;
    if (!request.codeChallenge) return 'code_challenge is required (PKCE)';
    if (!request.state) return 'state is required';
    if (!request.scope.trim()) return 'scope is required';
    return request;
  }

  /** Like upstream: a loopback callback on any port, or the manual "code#state" page. */
  private redirectAllowed(redirectUri: string): boolean {
    if (redirectUri === this.manualRedirectUri) return true;
    if (!URL.canParse(redirectUri)) return false;
    const url = new URL(redirectUri);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }

  private approve(form: URLSearchParams, response: ServerResponse): void {
    const checked = this.checkAuthorizeRequest(form);
    if (typeof checked === 'string') return sendHtml(response, 400, errorPage(checked));
    const target = new URL(checked.redirectUri);
    if (form.get('decision') === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied the request');
    } else {
      const code = `standin-code-${randomBytes(18).toString('base64url')}`;
      const email = form.get('email')?.trim() || 'person@example.com';
      this.codes.set(code, { ...checked, email, used: false, expiresAt: Date.now() + CODE_TTL_MS });
      target.searchParams.set('code', code);
    }
    target.searchParams.set('state', checked.state);
    response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' }).end();
  }

  private manualCallbackPage(params: URLSearchParams, response: ServerResponse): void {
    const code = params.get('code');
    const state = params.get('state');
    if (!code || !state) return sendHtml(response, 400, errorPage(params.get('error') ?? 'missing code or state'));
    sendHtml(
      response,
      200,
      htmlPage('Authentication code', `<p>Paste this into Claude Code:</p>\n<pre id="code">${escapeHtml(`${code}#${state}`)}</pre>`),
    );
  }

  // --- token -------------------------------------------------------------------------------------------

  private token(request: IncomingMessage, text: string, response: ServerResponse): void {
    const forced = this.forcedFailures.shift();
    if (forced) return sendJson(response, forced.status, forced.body, forced.headers);
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 400, { error: 'invalid_request', error_description: 'Invalid request format: the body must be JSON' });
    }
    const body = parseJsonObject(text);
    if (!body) return sendJson(response, 400, { error: 'invalid_request', error_description: 'Invalid request format' });
    if (body.client_id !== this.clientId) return sendJson(response, 400, { error: 'invalid_client', error_description: 'Invalid client_id' });
    switch (body.grant_type) {
      case 'authorization_code':
        return this.exchangeCode(body, response);
      case 'refresh_token':
        return this.refresh(body, response);
      default:
        return sendJson(response, 400, { error: 'unsupported_grant_type', error_description: `Unsupported grant_type: ${String(body.grant_type)}` });
    }
  }

  private exchangeCode(body: Record<string, unknown>, response: ServerResponse): void {
    const problem = this.codeProblem(body);
    if (problem) return sendJson(response, 400, { error: 'invalid_grant', error_description: problem });
    const issued = this.codes.get(String(body.code));
    if (!issued) return sendJson(response, 400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
    issued.used = true;
    this.exchanges++;
    sendJson(response, 200, this.tokenResponse(this.options.tokens.issue(issued.email, this.options.accessTokenTtlSeconds), issued.email, issued.scope));
  }

  /** What is wrong with an authorization_code grant, or null. */
  private codeProblem(body: Record<string, unknown>): string | null {
    const issued = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!issued || issued.expiresAt < Date.now()) return 'Invalid authorization code';
    if (issued.used) return 'Authorization code already used';
    if (issued.clientId !== body.client_id) return 'Authorization code was issued to another client';
    if (issued.redirectUri !== body.redirect_uri) return 'redirect_uri does not match the authorization request';
    if (typeof body.state === 'string' && body.state !== issued.state) return 'state does not match the authorization request';
    if (typeof body.code_verifier !== 'string' || s256(body.code_verifier) !== issued.codeChallenge) return 'Invalid code_verifier';
    return null;
  }

  private refresh(body: Record<string, unknown>, response: ServerResponse): void {
    const rotated = typeof body.refresh_token === 'string' ? this.options.tokens.rotate(body.refresh_token) : null;
    const email = rotated ? this.options.tokens.accountOf(rotated.accessToken) : null;
    if (!rotated || !email) return sendJson(response, 400, { error: 'invalid_grant', error_description: 'Refresh token not found or invalid' });
    this.refreshes++;
    sendJson(response, 200, this.tokenResponse(rotated, email, ANTHROPIC_DEFAULTS.oauth.scopes.join(' ')));
  }

  private tokenResponse(tokens: IssuedTokens, email: string, scope: string): Record<string, unknown> {
    return {
      token_type: 'Bearer',
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      expires_in: tokens.expiresIn,
      scope,
      organization: { uuid: uuidFrom(`org:${email}`), name: `${email}'s Organization` },
      account: { uuid: uuidFrom(`account:${email}`), email_address: email },
    };
  }

  // --- profile -----------------------------------------------------------------------------------------

  private profile(request: IncomingMessage, response: ServerResponse): void {
    const betas = String(request.headers['anthropic-beta'] ?? '').split(',').map((beta) => beta.trim());
    if (!betas.includes(OAUTH_BETA)) {
      return sendJson(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'OAuth authentication is currently not supported.' } });
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const email = token ? this.options.tokens.accountOf(token) : null;
    if (!email) return sendJson(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    const plan = this.options.plan === undefined ? 'max' : this.options.plan;
    sendJson(response, 200, {
      account: {
        uuid: uuidFrom(`account:${email}`),
        email,
        display_name: email.split('@')[0],
        has_claude_max: plan === 'max',
        has_claude_pro: plan === 'pro',
      },
      organization: {
        uuid: uuidFrom(`org:${email}`),
        name: `${email}'s Organization`,
        organization_type: plan ? `claude_${plan}` : 'claude_free',
        rate_limit_tier: plan === 'max' ? 'default_claude_max_20x' : 'default_claude_ai',
        subscription_status: 'active',
      },
    });
  }
}

// --- helpers ---------------------------------------------------------------------------------------------

function authorizeForm(request: AuthorizeRequest): string {
  const hidden: [string, string][] = [
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['code_challenge', request.codeChallenge],
    ['state', request.state],
    ['scope', request.scope],
  ];
  const fields = hidden.map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`).join('\n');
  return htmlPage(
    'Authorize Claude Code',
    [
      `<p>Claude Code would like to connect to your Claude account (${escapeHtml(request.scope)}).</p>`,
      '<form method="post" action="/oauth/authorize/approve">',
      fields,
      '<label>E-mail <input type="email" name="email" value="person@example.com"></label>',
      '<button type="submit" name="decision" value="approve">Authorize</button>',
      '<button type="submit" name="decision" value="deny">Deny</button>',
      '</form>',
    ].join('\n'),
  );
}

function errorPage(problem: string): string {
  return htmlPage('Authorization error', `<p id="error">${escapeHtml(problem)}</p>`);
}

function htmlPage(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A stable uuid-shaped id derived from a name, so one e-mail always maps to one account id. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// --- acting as the browser (for tests) -------------------------------------------------------------------

/**
 * Plays the person in the browser: loads the authorize page, reads its form and submits it (approve or deny)
 * without following the redirect. Returns where the browser would be sent next.
 */
/**
 * `providers.anthropic.oauth` pointing at this stand-in (for validateConfig): the authorize and token endpoints,
 * no legacy token URL, its manual "code#state" page, and a loopback `redirect-uri` when one is given.
 */
export function oauthConfigFor(standIn: Pick<AnthropicOAuthStandIn, 'authorizeUrl' | 'tokenUrl' | 'manualRedirectUri'>, redirectUri?: string): Record<string, string | null> {
  return {
    'authorize-url': standIn.authorizeUrl,
    'token-url': standIn.tokenUrl,
    'legacy-token-url': null,
    'manual-redirect-uri': standIn.manualRedirectUri,
    ...(redirectUri ? { 'redirect-uri': redirectUri } : {}),
  };
}

export async function submitAuthorizeForm(
  authorizeUrl: string,
  options: { email?: string; decision?: 'approve' | 'deny'; fetch?: typeof fetch } = {},
): Promise<string> {
  const fetchImpl = options.fetch ?? fetch;
  const pageResponse = await fetchImpl(authorizeUrl);
  const html = await pageResponse.text();
  if (!pageResponse.ok) throw new Error(`the authorize page answered ${pageResponse.status}: ${html}`);
  const form = readForm(html);
  form.fields.set('email', options.email ?? 'person@example.com');
  form.fields.set('decision', options.decision ?? 'approve');
  const submitted = await fetchImpl(new URL(form.action, authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields.toString(),
    redirect: 'manual',
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || !location) throw new Error(`approving answered ${submitted.status}: ${await submitted.text()}`);
  return location;
}

/** The text of the element with the given id in the stand-in's own pages. */
export function textOfId(html: string, id: string): string | null {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1] === undefined ? null : unescapeHtml(match[1]);
}

function readForm(html: string): { action: string; fields: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the authorize page has no form');
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(match[1] ?? '', unescapeHtml(match[2] ?? ''));
  }
  return { action: unescapeHtml(action), fields };
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
