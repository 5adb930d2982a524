/**
 * How a message names a CLI command, e.g. "run `npm run switchboard -- login anthropic`": the way this person runs
 * Switchboard's CLI. bin/switchboard.js sets SWITCHBOARD_CLI to "npm run switchboard --" when it runs under the
 * checkout's npm scripts (`npm run serve`, `npm run switchboard -- …`, the README's way) and to "switchboard" when
 * it runs as the installed command; a person may set it themselves (e.g. "docker exec sb switchboard"). Without it
 * (the desktop app, tests): "switchboard".
 */
export function cliCommand(args: string): string {
  const prefix = process.env.SWITCHBOARD_CLI?.trim() || 'switchboard';
  return args ? `${prefix} ${args}` : prefix;
}
