import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Cursor's auth endpoints on api2.cursor.sh (PROTOCOLS.md §3 "Login and storage"): the deep-link
 * login's page (`/loginDeepControl`: opening it, as a browser does, is the person logging in there) and its
 * `/auth/poll` (404 until the page's uuid is approved, and only with the verifier whose sha256 is the page's
 * challenge), the API-key exchange, and both refresh endpoints — `/oauth/token`, which can be scripted to be
 * missing or to say `shouldLogout`, and `/auth/refresh`; and the plan usage, `/auth/usage-summary`, and the older
 * model list, `AvailableModels`, for the tokens it issued and those named in `accessTokens`.
 */
export interface CursorAuthOptions {
  apiKeys?: string[];
  /** How `/oauth/token` answers a refresh: with tokens, 404 (not served), or `shouldLogout: true`. */
  oauthToken?: 'tokens' | 'missing' | 'logout';
  /** Access tokens issued elsewhere (the agent stand-in's) that `/auth/usage-summary` accepts too. */
  accessTokens?: string[];
}

/** A plan a quarter used, as `/auth/usage-summary` answers until a test sets another. */
export const STAND_IN_CURSOR_USAGE_SUMMARY = {
  membershipType: 'pro',
  isUnlimited: false,
  billingCycleStart: '2026-11-20T00:00:00.000Z',
  billingCycleEnd: '2026-12-20T00:00:00.000Z',
  individualUsage: {
    plan: { enabled: true, used: 500, limit: 2000, remaining: 1500, totalPercentUsed: 25, autoPercentUsed: 10, apiPercentUsed: 40 },
    onDemand: { enabled: true, used: 0, limit: 1000, remaining: 1000 },
  },
};

export const STAND_IN_CURSOR_API_KEY = 'crsr_stand_in_api_key';

/** An unsigned JWT with Cursor's subject and an expiry: what the proxy reads of a token. */
export function cursorJwt(subject: string, expiresInSeconds = 3600): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: subject, exp: Math.floor(Date.now() / 1000) + expiresInSeconds, jti: randomUUID() })}.c2lnbmF0dXJl`;
}

export class CursorAuthStandIn {
  url = '';
  /** Every request's method and path, in order. */
  readonly requests: { method: string; path: string; authorization: string | null; body: string }[] = [];
  /** Access tokens handed out, newest last. */
  readonly issued: string[] = [];
  oauthToken: NonNullable<CursorAuthOptions['oauthToken']>;
  /** What `AvailableModels` lists, or `fail` for an HTTP 500 (to prove the fallback to the built-in list). */
  availableModels: string[] | 'fail' = ['gpt-5', 'claude-4.5-sonnet'];
  /** What `/auth/usage-summary` answers. */
  usageSummary: object = STAND_IN_CURSOR_USAGE_SUMMARY;
  private readonly accessTokens: Set<string>;
  private readonly apiKeys: Set<string>;
  private readonly refreshTokens = new Map<string, string>();
  private readonly nextAccessTokens: string[] = [];
  private readonly approved = new Map<string, { challenge: string; subject: string }>();
  private readonly server: Server;

  constructor(options: CursorAuthOptions = {}) {
    this.apiKeys = new Set(options.apiKeys ?? [STAND_IN_CURSOR_API_KEY]);
    this.oauthToken = options.oauthToken ?? 'tokens';
    this.accessTokens = new Set(options.accessTokens ?? []);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The deep-link login's page on this stand-in: what `providers.cursor.login-page-url` names in a test. */
  get loginPageUrl(): string {
    return `${this.url}/loginDeepControl`;
  }

  /** The person logged in on the page with this uuid and challenge (read from the login's address). */
  approve(uuid: string, challenge: string, subject = 'auth0|user_page'): void {
    this.approved.set(uuid, { challenge, subject });
  }

  /** A refresh token this stand-in accepts, for a subject. */
  grantRefreshToken(subject: string): string {
    const token = `refresh-${randomUUID()}`;
    this.refreshTokens.set(token, subject);
    return token;
  }

  /** Whether this is a Cursor API key the stand-in knows (the SDK's model list is asked with the key itself). */
  acceptsApiKey(key: string): boolean {
    return this.apiKeys.has(key);
  }

  /** The next access token handed out is this one (a token another stand-in accepts), not a fresh JWT. */
  issueNext(accessToken: string): void {
    this.nextAccessTokens.push(accessToken);
  }

  private pair(subject: string): { accessToken: string; refreshToken: string } {
    const accessToken = this.nextAccessTokens.shift() ?? cursorJwt(subject);
    this.issued.push(accessToken);
    return { accessToken, refreshToken: this.grantRefreshToken(subject) };
  }

  /** Answers one request (public so a server that also answers other paths can hand these over: cursor-sdk-backend.ts). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const authorization = req.headers.authorization ?? null;
    this.requests.push({ method: req.method ?? '', path: url.pathname, authorization, body });
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && url.pathname === '/loginDeepControl') {
      const uuid = url.searchParams.get('uuid');
      const challenge = url.searchParams.get('challenge');
      if (!uuid || !challenge) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!doctype html><title>Cursor</title><p>This login link is incomplete.</p>');
      }
      this.approve(uuid, challenge);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><title>Cursor</title><h1>You are logged in</h1><p>You can close this page and go back.</p>');
    }
    if (req.method === 'GET' && url.pathname === '/auth/poll') {
      const login = this.approved.get(url.searchParams.get('uuid') ?? '');
      const verifier = url.searchParams.get('verifier') ?? '';
      if (!login) return json(404, {});
      if (createHash('sha256').update(verifier).digest('base64url') !== login.challenge) return json(400, { error: 'verifier does not match the challenge' });
      this.approved.delete(url.searchParams.get('uuid') ?? '');
      return json(200, { ...this.pair(login.subject), authId: login.subject });
    }
    if (req.method === 'POST' && url.pathname === '/auth/exchange_user_api_key') {
      if (!bearer || !this.apiKeys.has(bearer)) return json(401, { error: 'invalid api key' });
      return json(200, this.pair('auth0|user_api_key'));
    }
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      if (this.oauthToken === 'missing') return json(404, { error: 'not found' });
      const request = JSON.parse(body || '{}') as { grant_type?: string; refresh_token?: string; client_id?: string };
      if (this.oauthToken === 'logout') return json(200, { shouldLogout: true });
      const subject = request.grant_type === 'refresh_token' && request.refresh_token ? this.refreshTokens.get(request.refresh_token) : undefined;
      if (!subject || !request.client_id) return json(401, { error: 'invalid_grant' });
      const pair = this.pair(subject);
      return json(200, { access_token: pair.accessToken, refresh_token: pair.refreshToken, shouldLogout: false });
    }
    if (req.method === 'POST' && url.pathname === '/auth/refresh') {
      const subject = bearer ? this.refreshTokens.get(bearer) : undefined;
      if (!subject) return json(401, { error: 'invalid refresh token' });
      return json(200, this.pair(subject));
    }
    if (req.method === 'POST' && url.pathname === '/aiserver.v1.AiService/AvailableModels') {
      if (!bearer || !(this.accessTokens.has(bearer) || this.issued.includes(bearer))) return json(401, { error: 'not logged in' });
      if (this.availableModels === 'fail') return json(500, { error: 'the model list is down' });
      return json(200, { models: this.availableModels.map((name) => ({ name, clientDisplayName: `${name} (available)` })) });
    }
    if (req.method === 'GET' && url.pathname === '/auth/usage-summary') {
      if (!bearer || !(this.accessTokens.has(bearer) || this.issued.includes(bearer))) return json(401, { error: 'not logged in' });
      return json(200, this.usageSummary);
    }
    json(404, { error: `no ${req.method} ${url.pathname} here` });
  }
}
