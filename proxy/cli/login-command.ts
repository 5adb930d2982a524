import type { Command } from 'commander';
import type { Account } from '../accounts/account-file.js';
import { loginWithLoopback, type LoginConfig } from '../providers/anthropic/login.js';
import { loginWithManualPaste } from '../providers/anthropic/manual-login.js';
import { ANTHROPIC_POLICY_NOTE } from '../providers/anthropic/policy.js';
import { loadCliConfig, say } from './context.js';
import { createLineReader } from './line-reader.js';

/** Providers `switchboard login` knows. */
const LOGIN_PROVIDERS = ['anthropic'] as const;

interface LoginOptions {
  manual?: boolean;
  /** False with --no-browser. */
  browser: boolean;
}

/** `switchboard login <provider> [--manual] [--no-browser]` */
export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('log in to a subscription account and save it in auth-dir')
    .argument('<provider>', `the provider to log in to (${LOGIN_PROVIDERS.join(', ')})`)
    .option('--manual', 'print the address and paste the code back (browser on another device, or port 54545 busy)')
    .option('--no-browser', 'do not open a browser: print the address to open on this computer')
    .action(async (provider: string, options: LoginOptions, command: Command) => {
      if (provider !== 'anthropic') {
        throw new Error(`unknown provider "${provider}": known providers are ${LOGIN_PROVIDERS.join(', ')}`);
      }
      const { config } = loadCliConfig(command);
      say(`${ANTHROPIC_POLICY_NOTE}\n`);
      const account = options.manual
        ? await loginWithManualPasteFromStdin(config)
        : await loginWithLoopback(config, { print: say, ...(options.browser ? {} : { openBrowser: null }) });
      reportLogin(account);
    });
}

function reportLogin(account: Account): void {
  const who = account.data.email ?? account.data.account_uuid ?? 'the account';
  const plan = account.data.plan ? ` (plan: ${account.data.plan})` : '';
  say(`\nLogged in as ${who}${plan}.\nAccount file: ${account.path}`);
}

/** The manual login, reading pasted lines from stdin (asked again after a wrong one); a closed stdin is an error, not a hang. */
async function loginWithManualPasteFromStdin(config: LoginConfig): Promise<Account> {
  const lines = createLineReader(
    process.stdin,
    process.stdout,
    process.stdin.isTTY === true,
    'standard input closed before a working code was pasted: run the login again and paste the code when asked',
  );
  try {
    return await loginWithManualPaste(config, { readLine: (prompt) => lines.readLine(prompt), print: say });
  } finally {
    lines.close();
  }
}
