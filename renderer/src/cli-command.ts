/**
 * How the dashboard names a CLI command: the way the person runs the proxy's CLI (`npm run switchboard -- …` from
 * a checkout, `switchboard …` installed), which the proxy reports in /health as `cli` (proxy/cli-command.ts).
 * Learned once, before the page first renders (main.tsx); without a proxy to ask, the installed command's name.
 */
let prefix = 'switchboard';

/** How long the page waits for /health before it renders with the default (the desktop app without its proxy). */
const LEARN_TIMEOUT_MS = 1500;

export async function learnCliCommand(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<void> {
  try {
    const response = await fetchImpl('/health', { cache: 'no-store', signal: AbortSignal.timeout(LEARN_TIMEOUT_MS) });
    const health: unknown = await response.json();
    const cli = typeof health === 'object' && health !== null ? (health as { cli?: unknown }).cli : undefined;
    if (typeof cli === 'string' && cli.trim() !== '') prefix = cli.trim();
  } catch {
    // No proxy answering: the default stays.
  }
}

/** "npm run switchboard -- key show" for `cliCommand('key show')`. */
export function cliCommand(args: string): string {
  return `${prefix} ${args}`;
}
