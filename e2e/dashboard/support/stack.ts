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
  const response = await fetch(`${stack.controlUrl}/utilization`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fiveHour, sevenDay }),
  });
  if (response.status !== 204) throw new Error(`the stand-in control answered ${response.status}: ${await response.text()}`);
}
