import type { Command } from 'commander';
import type { Account } from '../accounts/account-file.js';
import type { Config } from '../config/load.js';
import { providerModules } from '../providers/index.js';
import type { ProviderModule } from '../providers/provider-module.js';
import { loadCliConfig, say } from './context.js';
import { createLineReader } from './line-reader.js';

/** Providers `switchboard login` knows: those whose module can log in from a terminal. */
const LOGIN_PROVIDERS: readonly ProviderModule[] = providerModules.filter((module) => module.logins.loopback || module.logins.pasteCode);

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
    .argument('<provider>', `the provider to log in to (${LOGIN_PROVIDERS.map((module) => module.id).join(', ')})`)
    .option('--manual', 'print the address and paste the code back (browser on another device, or port 54545 busy)')
    .option('--no-browser', 'do not open a browser: print the address to open on this computer')
    .action(async (provider: string, options: LoginOptions, command: Command) => {
      const module = LOGIN_PROVIDERS.find((candidate) => candidate.id === provider);
      if (!module) {
        throw new Error(`unknown provider "${provider}": known providers are ${LOGIN_PROVIDERS.map((candidate) => candidate.id).join(', ')}`);
      }
      const { config } = loadCliConfig(command);
      if (module.policyNote) say(`${module.policyNote}\n`);
      const account = await login(module, config, options);
      reportLogin(account);
    });
}

/** By the method asked for: --manual pastes a code, else the browser and a loopback listener (when the module has them). */
async function login(module: ProviderModule, config: Config, options: LoginOptions): Promise<Account> {
  const { loopback, pasteCode } = module.logins;
  if (pasteCode && (options.manual || !loopback)) return loginWithPasteFromStdin(config, pasteCode.inTerminal);
  if (loopback) return loopback(config, { print: say, openBrowser: options.browser });
  throw new Error(`${module.displayName} has no login that works in a terminal`);
}

function reportLogin(account: Account): void {
  const who = account.data.email ?? account.data.label ?? 'the account';
  const plan = account.data.plan ? ` (plan: ${account.data.plan})` : '';
  say(`\nLogged in as ${who}${plan}.\nAccount file: ${account.path}`);
}

/** A paste-code login, reading pasted lines from stdin (asked again after a wrong one); a closed stdin is an error, not a hang. */
async function loginWithPasteFromStdin(config: Config, inTerminal: NonNullable<ProviderModule['logins']['pasteCode']>['inTerminal']): Promise<Account> {
  const lines = createLineReader(
    process.stdin,
    process.stdout,
    process.stdin.isTTY === true,
    'standard input closed before a working code was pasted: run the login again and paste the code when asked',
  );
  try {
    return await inTerminal(config, { readLine: (prompt) => lines.readLine(prompt), print: say });
  } finally {
    lines.close();
  }
}
