import type { Command } from 'commander';
import { TokenStore } from '../accounts/token-store.js';
import { describeAccount } from '../accounts/describe-account.js';
import { loadCliConfig, say } from './context.js';
import { targetOf } from '../accounts/account-file.js';
import { createProviders } from '../http/server.js';
import { accountPlan } from '../providers/account-plan.js';
import { accountParts, addAccountCommands, findProviderModule } from '../providers/index.js';

export function registerAccountsCommand(program: Command): void {
  program
    .command('accounts')
    .description('list the accounts in auth-dir and their state')
    .action(async (_options: unknown, command: Command) => {
      const { config } = loadCliConfig(command);
      const { accounts, invalid } = await new TokenStore(config['auth-dir'], { parts: accountParts }).list();
      if (accounts.length === 0) say(`No accounts in ${config['auth-dir']}: run ${addAccountCommands()}.`);
      const targets = new Map(createProviders(config, {}, accounts.map((account) => account.data)).map((target) => [target.id, target]));
      for (const account of accounts) {
        const costBasis = targets.get(targetOf(account.data))?.costBasis ?? null;
        const plan = accountPlan(account.data, findProviderModule(account.data.provider)?.credentialKinds ?? [], costBasis);
        const who = [account.data.email, plan && `plan ${plan}`].filter(Boolean).join('; ');
        say(`${account.id}${who ? ` (${who})` : ''}: ${describeAccount(account)}`);
      }
      for (const file of invalid) say(`${file.path}: not a valid account file — ${file.problem}`);
    });
}
