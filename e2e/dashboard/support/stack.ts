/**
 * What the global setup started, as the tests see it. Playwright hands environment variables set in the global
 * setup to every worker, so the description travels as JSON in one of them.
 */

export const STACK_ENV = 'SWITCHBOARD_E2E_STACK';

export interface StackInfo {
  /** The headless Switchboard (`switchboard serve`), e.g. http://127.0.0.1:41234 — it also serves the dashboard. */
  url: string;
  /** The owner key, as `serve` printed it on its first run. */
  ownerKey: string;
  /** The temporary home the server runs with (HOME, USERPROFILE): Claude Code's settings live in it. */
  home: string;
  /** The server's auth-dir: one account file per account. */
  authDir: string;
  /** The server's config file (JSON, which is YAML): a spec that changes it puts it back as it was. */
  configPath: string;
  /** The stand-in OAuth server (its authorize page and "code#state" page). */
  oauthUrl: string;
  /** The stand-in Anthropic API. */
  apiUrl: string;
  /** The test-only control endpoint of the stand-ins (see global-setup.ts). */
  controlUrl: string;
}

export function readStack(): StackInfo {
  const raw = process.env[STACK_ENV];
  if (!raw) throw new Error(`${STACK_ENV} is not set: run the dashboard tests with \`playwright test\`, whose global setup starts the server`);
  return JSON.parse(raw) as StackInfo;
}

/**
 * Sets what the stand-in Anthropic API reports in its unified rate-limit headers from the next response on:
 * the five-hour and seven-day windows' utilization, 0..1.
 */
export async function setQuotaUtilization(stack: StackInfo, fiveHour: number, sevenDay: number): Promise<void> {
  await control(stack, '/utilization', { fiveHour, sevenDay });
}

/** The stand-in Anthropic API refuses the next model request with `status` (and a Retry-After). */
export async function failNextUpstream(stack: StackInfo, status: number, retryAfterSeconds: number): Promise<void> {
  await control(stack, '/fail-next', { status, retryAfterSeconds });
}

/** Anthropic forgets this person's login: their access tokens expire and their refresh tokens are refused. */
export async function endUpstreamLogin(stack: StackInfo, email: string): Promise<void> {
  await control(stack, '/end-login', { email });
}

async function control(stack: StackInfo, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${stack.controlUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 204) throw new Error(`the stand-in control answered ${response.status}: ${await response.text()}`);
}
