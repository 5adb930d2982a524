import type { Command } from 'commander';
import { TokenStore } from '../accounts/token-store.js';
import type { Account } from '../accounts/account-file.js';
import { loadCliConfig, say } from './context.js';

/** An account's state in words, as the owner needs it. */
export function describeAccount(account: Account, now: number = Date.now()): string {
  const { data } = account;
  if (data.disabled) return 'disabled';
  if (data.needs_login) return `needs login: ${data.needs_login}`;
  if (!data.expires_at) return 'ready';
  const expires = Date.parse(data.expires_at);
  if (expires > now) return `ready (token valid until ${new Date(expires).toLocaleString()})`;
  return data.refresh_token ? 'ready (token expired; refreshed on the next request)' : 'needs login: the token expired and there is no refresh token';
}

export function registerAccountsCommand(program: Command): void {
  program
    .command('accounts')
    .description('list the accounts in auth-dir and their state')
    .action(async (_options: unknown, command: Command) => {
      const { config } = loadCliConfig(command);
      const { accounts, invalid } = await new TokenStore(config['auth-dir']).list();
      if (accounts.length === 0) say(`No accounts in ${config['auth-dir']}: run \`switchboard login anthropic\` or \`switchboard import claude-code\`.`);
      for (const account of accounts) {
        const who = [account.data.email, account.data.plan && `plan ${account.data.plan}`].filter(Boolean).join(', ');
        say(`${account.id}${who ? ` (${who})` : ''}: ${describeAccount(account)}`);
      }
      for (const file of invalid) say(`${file.path}: not a valid account file — ${file.problem}`);
    });
}
