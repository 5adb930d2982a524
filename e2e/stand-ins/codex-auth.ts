/**
 * A stand-in for OpenAI's auth server as the Codex CLI uses it (PROTOCOLS.md §2 "Login A/B", "Tokens"): the
 * authorize redirect with its required parameters and only the two registered loopback redirect URIs, form-only
 * code exchange bound to client, redirect URI and a real S256 PKCE check, refresh (JSON or form) with strict
 * rotation and reuse detection, revocation, and the device-code endpoints. The person "signing in" is whoever
 * `signInAs` named; device codes wait until `approveDevice`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CODEX_USER, type CodexUser } from './codex-identity.js';
import { refusalMessage, type CodexIssuedTokens, type CodexTokenRegistry } from './codex-tokens.js';
import { recordRequest, type RecordedRequest } from './http-request.js';

export const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const CODEX_REGISTERED_REDIRECTS = ['http://localhost:1455/auth/callback', 'http://localhost:1457/auth/callback'] as const;

export interface CodexAuthStandInOptions {
  tokens: CodexTokenRegistry;
  /** The redirect URIs the client is registered with (default: the real two, ports 1455 and 1457). */
  redirectUris?: readonly string[];
  /** Device-code login turned off for the workspace: the user-code request is a 404. */
  deviceCodeDisabled?: boolean;
  port?: number;
  host?: string;
}

export interface CodexAuthStandIn {
  /** The issuer: every path hangs off it, as off https://auth.openai.com. */
  url: string;
  readonly requests: RecordedRequest[];
  /** Who the next authorize and device approval sign in as (default DEFAULT_CODEX_USER). */
  signInAs(user: CodexUser): void;
  /** The person entered this user code on the verification page and approved it. */
  approveDevice(userCode: string): void;
  /** The next token request gets this answer instead. */
  failNextToken(status: number, body: unknown): void;
  /** Refresh tokens revoked through /oauth/revoke. */
  readonly revoked: readonly string[];
  close(): Promise<void>;
}

interface IssuedCode {
  user: CodexUser;
  redirectUri: string;
  challenge: string;
  used: boolean;
  expiresAt: number;
}

interface DeviceAuth {
  userCode: string;
  user: CodexUser | null;
  /** The code and PKCE pair handed out once the person approved. */
  grant: { code: string; verifier: string; challenge: string } | null;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const REQUIRED_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export async function startCodexAuthStandIn(options: CodexAuthStandInOptions): Promise<CodexAuthStandIn> {
  const state = new CodexAuthState(options);
  const server = createServer((request, response) => {
    void recordRequest(request)
      .then((recorded) => {
        state.requests.push(recorded);
        state.handle(recorded, response);
      })
      .catch((error: unknown) => sendJson(response, 500, { error: 'server_error', error_description: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  return {
    url: state.url,
    requests: state.requests,
    signInAs: (user) => void (state.user = user),
    approveDevice: (userCode) => state.approveDevice(userCode),
    failNextToken: (status, body) => void state.forced.push({ status, body }),
    revoked: state.revoked,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class CodexAuthState {
  url = '';
  user: CodexUser = DEFAULT_CODEX_USER;
  readonly requests: RecordedRequest[] = [];
  readonly forced: Array<{ status: number; body: unknown }> = [];
  readonly revoked: string[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly devices = new Map<string, DeviceAuth>();
  private readonly redirectUris: readonly string[];

  constructor(private readonly options: CodexAuthStandInOptions) {
    this.redirectUris = options.redirectUris ?? CODEX_REGISTERED_REDIRECTS;
  }

  private get deviceRedirectUri(): string {
    return `${this.url}/deviceauth/callback`;
  }

  handle(request: RecordedRequest, response: ServerResponse): void {
    const url = new URL(request.path, this.url);
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /oauth/authorize':
        return this.authorize(url.searchParams, response);
      case 'POST /oauth/token':
        return this.token(request, response);
      case 'POST /oauth/revoke':
        return this.revoke(request, response);
      case 'POST /api/accounts/deviceauth/usercode':
        return this.userCode(request, response);
      case 'POST /api/accounts/deviceauth/token':
        return this.deviceToken(request, response);
      case 'GET /codex/device':
        return this.verificationPage(url.searchParams, response);
      default:
        return sendJson(response, 404, { error: { message: `no route ${request.method} ${url.pathname}`, type: 'invalid_request_error', code: 'not_found' } });
    }
  }

  /** Checks what codex-rs sends and, the person being signed in already, redirects back with a code. */
  private authorize(params: URLSearchParams, response: ServerResponse): void {
    const problem = authorizeProblem(params, this.redirectUris);
    if (problem) return sendJson(response, 400, { error: 'invalid_request', error_description: problem });
    const code = `ac_${randomBytes(18).toString('base64url')}`;
    const redirectUri = params.get('redirect_uri')!;
    this.codes.set(code, { user: this.user, redirectUri, challenge: params.get('code_challenge')!, used: false, expiresAt: Date.now() + CODE_TTL_MS });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', params.get('state')!);
    response.writeHead(302, { location: target.toString() }).end();
  }

  private token(request: RecordedRequest, response: ServerResponse): void {
    const forced = this.forced.shift();
    if (forced) return sendJson(response, forced.status, forced.body);
    const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
    const fields = form ? Object.fromEntries(new URLSearchParams(request.rawBody)) : isRecord(request.body) ? request.body : null;
    if (!fields) return tokenError(response, 400, 'invalid_request', 'the body must be a form or JSON');
    if (fields['client_id'] !== CODEX_CLIENT_ID) return tokenError(response, 401, 'invalid_client', 'Unknown client');
    if (fields['grant_type'] === 'authorization_code') {
      // codex-rs and every peer send the code exchange as a form; the real server accepts nothing else here.
      if (!form) return tokenError(response, 400, 'invalid_request', 'authorization_code must be form-encoded');
      return this.exchange(fields, response);
    }
    if (fields['grant_type'] === 'refresh_token') return this.refresh(String(fields['refresh_token'] ?? ''), response);
    return tokenError(response, 400, 'unsupported_grant_type', `grant_type ${String(fields['grant_type'])} is not supported`);
  }

  private exchange(fields: Record<string, unknown>, response: ServerResponse): void {
    const code = this.codes.get(String(fields['code'] ?? ''));
    if (!code || code.used || code.expiresAt < Date.now()) return tokenError(response, 400, 'invalid_grant', 'Invalid authorization code');
    if (fields['redirect_uri'] !== code.redirectUri) return tokenError(response, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = String(fields['code_verifier'] ?? '');
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return tokenError(response, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    code.used = true;
    sendTokens(response, this.options.tokens.issue(code.user));
  }

  private refresh(refreshToken: string, response: ServerResponse): void {
    const rotated = this.options.tokens.rotate(refreshToken);
    if (rotated === null) return sendJson(response, 401, { error: { message: 'Invalid refresh token.', type: 'invalid_request_error', param: null, code: 'invalid_grant' } });
    if ('refused' in rotated) return sendJson(response, 401, { error: { message: refusalMessage(rotated.refused), type: 'invalid_request_error', param: null, code: rotated.refused } });
    sendTokens(response, rotated);
  }

  private revoke(request: RecordedRequest, response: ServerResponse): void {
    const body = isRecord(request.body) ? request.body : {};
    if (body['client_id'] !== CODEX_CLIENT_ID) return tokenError(response, 401, 'invalid_client', 'Unknown client');
    const token = String(body['token'] ?? '');
    if (this.options.tokens.revoke(token)) this.revoked.push(token);
    sendJson(response, 200, {});
  }

  private userCode(request: RecordedRequest, response: ServerResponse): void {
    if (this.options.deviceCodeDisabled) return sendJson(response, 404, { error: { message: 'Not found', code: 'not_found' } });
    const body = isRecord(request.body) ? request.body : {};
    if (body['client_id'] !== CODEX_CLIENT_ID) return tokenError(response, 401, 'invalid_client', 'Unknown client');
    const deviceAuthId = `deviceauth_${randomBytes(12).toString('hex')}`;
    const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(3).toString('hex')}`.toUpperCase();
    this.devices.set(deviceAuthId, { userCode, user: null, grant: null });
    // The real server sends the interval as a string of seconds.
    sendJson(response, 200, { device_auth_id: deviceAuthId, user_code: userCode, interval: '1', expires_at: new Date(Date.now() + 15 * 60_000).toISOString() });
  }

  approveDevice(userCode: string): void {
    const device = [...this.devices.values()].find((entry) => entry.userCode === userCode);
    if (!device) throw new Error(`no device login with user code ${userCode}`);
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = `ac_${randomBytes(18).toString('base64url')}`;
    device.user = this.user;
    device.grant = { code, verifier, challenge };
    this.codes.set(code, { user: this.user, redirectUri: this.deviceRedirectUri, challenge, used: false, expiresAt: Date.now() + CODE_TTL_MS });
  }

  /**
   * The verification page, for trying a device-code login by hand: `?user_code=…` approves that code (as the person
   * would after signing in); without one, a form asks for it.
   */
  private verificationPage(params: URLSearchParams, response: ServerResponse): void {
    const userCode = params.get('user_code')?.trim().toUpperCase();
    const page = (status: number, body: string): void => void response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Stand-in device login</title>${body}`);
    if (!userCode) return page(200, '<form><label>Code <input name="user_code" autofocus></label> <button>Approve</button></form>');
    try {
      this.approveDevice(userCode);
      page(200, '<p>Approved. Switchboard finishes the login on its next poll.</p>');
    } catch {
      page(404, '<p>No device login with that code.</p>');
    }
  }

  private deviceToken(request: RecordedRequest, response: ServerResponse): void {
    const body = isRecord(request.body) ? request.body : {};
    const device = this.devices.get(String(body['device_auth_id'] ?? ''));
    if (!device || device.userCode !== body['user_code']) return sendJson(response, 404, { error: { message: 'Unknown device authorization', code: 'not_found' } });
    // Pending: the person has not approved yet.
    if (!device.grant) return sendJson(response, 403, { error: { message: 'Authorization pending', code: 'authorization_pending' } });
    sendJson(response, 200, { authorization_code: device.grant.code, code_challenge: device.grant.challenge, code_verifier: device.grant.verifier });
  }
}

/** What the real authorize endpoint refuses, in words; null when the request is one codex-rs would send. */
function authorizeProblem(params: URLSearchParams, redirectUris: readonly string[]): string | null {
  if (params.get('response_type') !== 'code') return 'response_type must be "code"';
  if (params.get('client_id') !== CODEX_CLIENT_ID) return 'unknown client_id';
  if (!redirectUris.includes(params.get('redirect_uri') ?? '')) return `redirect_uri must be one of the registered ones (${redirectUris.join(', ')})`;
  if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return 'PKCE with code_challenge_method=S256 is required';
  const scopes = (params.get('scope') ?? '').split(' ');
  const missing = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0) return `scope lacks ${missing.join(', ')}`;
  if (!params.get('state')) return 'state is required';
  if (params.get('id_token_add_organizations') !== 'true' || params.get('codex_cli_simplified_flow') !== 'true') return 'the Codex flow parameters are missing';
  if (!params.get('originator')) return 'originator is required';
  return null;
}

function sendTokens(response: ServerResponse, tokens: CodexIssuedTokens): void {
  sendJson(response, 200, { id_token: tokens.idToken, access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: 'Bearer', expires_in: 864000, scope: 'openid profile email offline_access' });
}

function tokenError(response: ServerResponse, status: number, error: string, description: string): void {
  sendJson(response, status, { error, error_description: description });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
