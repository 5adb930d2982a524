import type { Command } from 'commander';
import open from 'open';
import type { Account } from '../accounts/account-file.js';
import type { Config } from '../config/load.js';
import { providerModules } from '../providers/index.js';
import type { ProviderModule } from '../providers/provider-module.js';
import { loadCliConfig, say } from './context.js';
import { createLineReader } from './line-reader.js';
import { terminalLoginMethods } from '../providers/terminal-logins.js';
import { chooseTerminalLoginMethod, type TerminalLoginChoice } from './terminal-login-method.js';
import { accountOrError, LoginCancelled, runWaitingLogin } from './waiting-login.js';

interface LoginOptions extends TerminalLoginChoice {
  /** False with --no-browser. */
  browser: boolean;
}

/** `switchboard login <provider> [--method <id> | --device | --manual] [--no-browser]`, for the registry's modules (or those given). */
export function registerLoginCommand(program: Command, modules: readonly ProviderModule[] = providerModules): void {
  // The providers it knows: those whose module can log in from a terminal.
  const LOGIN_PROVIDERS = modules.filter((module) => terminalLoginMethods(module).length > 0);
  program
    .command('login')
    .description('log in to a subscription account and save it in auth-dir')
    .argument('<provider>', `the provider to log in to (${LOGIN_PROVIDERS.map((module) => module.id).join(', ')})`)
    .option('--method <id>', "the provider's login method to use (the error for an unknown one lists them)")
    .option('--device', 'log in with a code entered on the provider\'s page, from any device (a device-code login)')
    .option('--manual', 'print the address and paste the code back (browser on another device, or port 54545 busy)')
    .option('--no-browser', 'do not open a browser: print the address to open on this computer')
    .action(async (provider: string, options: LoginOptions, command: Command) => {
      const module = LOGIN_PROVIDERS.find((candidate) => candidate.id === provider);
      if (!module) {
        throw new Error(`unknown provider "${provider}": known providers are ${LOGIN_PROVIDERS.map((candidate) => candidate.id).join(', ')}`);
      }
      const { config } = loadCliConfig(command);
      const method = chooseTerminalLoginMethod(module, options);
      if (module.policyNote) say(`${module.policyNote}\n`);
      try {
        reportLogin(await login(module, method.kind, config, options));
      } catch (error) {
        if (!(error instanceof LoginCancelled)) throw error;
        process.stderr.write(`switchboard: ${error.message}\n`);
        process.exitCode = 130; // as a shell reports Ctrl-C
      }
    });
}

/** By the kind of the method chosen; a login that waits is cancelled by Ctrl-C. */
async function login(module: ProviderModule, kind: ReturnType<typeof chooseTerminalLoginMethod>['kind'], config: Config, options: LoginOptions): Promise<Account> {
  const { loopback, pasteCode } = module.logins;
  if (kind === 'paste-code' && pasteCode) return loginWithPasteFromStdin(config, pasteCode.inTerminal);
  if (kind === 'loopback' && loopback) return loopback(config, { print: say, openBrowser: options.browser });
  if (kind === 'device-code' || kind === 'poll') {
    const cancel = new AbortController();
    const onInterrupt = () => cancel.abort();
    process.once('SIGINT', onInterrupt);
    try {
      const openBrowser = options.browser ? async (url: string) => void (await open(url)) : null;
      return accountOrError(await runWaitingLogin(module, kind, config, { print: say, openBrowser, signal: cancel.signal }));
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  }
  throw new Error(`${module.displayName} has no ${kind} login runner`);
}

function reportLogin(account: Account): void {
  // A provider that names no one (Cursor's page login has neither e-mail nor label): the account's id says which file it is.
  const who = account.data.email ?? account.data.label ?? `account ${account.id}`;
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
