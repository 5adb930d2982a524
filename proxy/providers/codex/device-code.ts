/**
 * The Codex device-code login's three steps (PROTOCOLS.md §2 "Login B"), each one request, for a generic runner to
 * drive (it shows the code, waits `interval` between polls and gives up after 15 minutes): ask for a user code,
 * poll once, and exchange the granted code on the device redirect.
 */
import type { CodexOAuthConfig } from './config-schema.js';
import { CodexOAuthError, exchangeCode, type CodexTokens, type OAuthDeps } from './oauth.js';

export interface DeviceCodeStart {
  deviceAuthId: string;
  userCode: string;
  /** The page where the person enters the code. */
  verificationUrl: string;
  /** Seconds between polls (the server sends a string; default 5). */
  intervalSeconds: number;
}

export type DevicePoll = { status: 'pending' } | { status: 'granted'; authorizationCode: string; codeVerifier: string };

/** How long a device login may wait for the person (codex-rs gives up after 15 minutes). */
export const DEVICE_CODE_TIMEOUT_MS = 15 * 60 * 1000;

const at = (oauth: CodexOAuthConfig, path: string) => `${oauth.issuer.replace(/\/+$/, '')}${path}`;

export function deviceRedirectUri(oauth: CodexOAuthConfig): string {
  return at(oauth, '/deviceauth/callback');
}

/** The device-code requests also stop when the login is cancelled. */
export interface DeviceCodeDeps extends OAuthDeps {
  signal?: AbortSignal;
}

export async function requestDeviceCode(oauth: CodexOAuthConfig, deps: DeviceCodeDeps = {}): Promise<DeviceCodeStart> {
  const response = await post(at(oauth, '/api/accounts/deviceauth/usercode'), { client_id: oauth['client-id'] }, deps);
  if (response.status === 404) throw new CodexOAuthError('device-code login is not turned on for this ChatGPT workspace: log in with the browser (or --manual) instead', 'refused');
  const body = await jsonOf(response);
  const deviceAuthId = body['device_auth_id'];
  const userCode = body['user_code'] ?? body['usercode'];
  if (!response.ok || typeof deviceAuthId !== 'string' || typeof userCode !== 'string') throw new CodexOAuthError(`OpenAI did not start a device login (HTTP ${response.status})`, 'transient');
  const interval = Number.parseInt(String(body['interval'] ?? '5'), 10);
  return { deviceAuthId, userCode, verificationUrl: at(oauth, '/codex/device'), intervalSeconds: Number.isFinite(interval) && interval > 0 ? interval : 5 };
}

/** One poll: 403 and 404 mean the person has not approved yet. */
export async function pollDeviceCode(oauth: CodexOAuthConfig, start: Pick<DeviceCodeStart, 'deviceAuthId' | 'userCode'>, deps: DeviceCodeDeps = {}): Promise<DevicePoll> {
  const response = await post(at(oauth, '/api/accounts/deviceauth/token'), { device_auth_id: start.deviceAuthId, user_code: start.userCode }, deps);
  if (response.status === 403 || response.status === 404) return { status: 'pending' };
  const body = await jsonOf(response);
  if (!response.ok || typeof body['authorization_code'] !== 'string' || typeof body['code_verifier'] !== 'string') throw new CodexOAuthError(`OpenAI's device login failed (HTTP ${response.status})`, 'transient');
  return { status: 'granted', authorizationCode: body['authorization_code'], codeVerifier: body['code_verifier'] };
}

export function exchangeDeviceCode(oauth: CodexOAuthConfig, granted: Extract<DevicePoll, { status: 'granted' }>, deps: OAuthDeps = {}): Promise<CodexTokens> {
  return exchangeCode(oauth, { code: granted.authorizationCode, codeVerifier: granted.codeVerifier, redirectUri: deviceRedirectUri(oauth) }, deps);
}

async function post(url: string, body: unknown, deps: DeviceCodeDeps): Promise<Response> {
  const timeout = AbortSignal.timeout(deps.timeoutMs ?? 30_000);
  try {
    return await (deps.fetch ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), redirect: 'error', signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout });
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    throw new CodexOAuthError(`could not reach OpenAI (${url}): ${error instanceof Error ? error.message : String(error)}`, 'transient', null, { cause: error });
  }
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  try {
    const json: unknown = await response.json();
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
