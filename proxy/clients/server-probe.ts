import { loginCommands } from '../providers/index.js';
import type { Finding } from './client-setup.js';

/** What a client would meet at its base URL: nothing, a Switchboard without an account able to serve, or one that serves. */
export type ProbeResult = 'ok' | 'unreachable' | 'no_account';

/** Asks the Switchboard at `baseUrl` (its /health, which needs no key) whether it answers and has an account to serve with. */
export async function probeSwitchboard(baseUrl: string): Promise<ProbeResult> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/health`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return 'unreachable';
    const health = (await response.json().catch(() => null)) as { providers?: Record<string, { usable?: unknown }> } | null;
    const providers = Object.values(health?.providers ?? {});
    return providers.length > 0 && providers.every((provider) => provider.usable === 0) ? 'no_account' : 'ok';
  } catch {
    return 'unreachable';
  }
}

/** The doctors' finding for what the probe met, or null when the Switchboard answers and can serve. */
export function probeFinding(result: ProbeResult, baseUrl: string, restartHint: string): Finding | null {
  if (result === 'unreachable') return { severity: 'error', message: `nothing answers at ${baseUrl}`, fix: restartHint };
  if (result === 'no_account') {
    return {
      severity: 'error',
      message: `Switchboard answers at ${baseUrl}, but no account of it can serve requests (none logged in, or each needs a new login or is disabled)`,
      fix: `log an account in: ${loginCommands()}, or the dashboard's Accounts page`,
    };
  }
  return null;
}
