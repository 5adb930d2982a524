import { InvalidArgumentError, Option, type Command } from 'commander';
import { databasePath, openDatabase } from '../usage/database.js';
import { startOfNextMonth } from '../usage/calendar.js';
import { formatUsd } from '../usage/format-usd.js';
import { budgetBlock, keyStateRefusal } from '../usage/key-policy.js';
import { UsageStats } from '../usage/usage-stats.js';
import { expiresAtSchema, KeyStore, KeyStoreError, type KeyChanges } from '../usage/key-store.js';
import type { ApiKeyRecord, KeyRole, KeySpend } from '../usage/types.js';
import { loadCliConfig, say } from './context.js';
import { cliCommand } from '../cli-command.js';

/**
 * "none" on the command line: clears a limit (update) or leaves it unset (create). A symbol, because commander
 * turns a parser's null into an empty string.
 */
const NONE = Symbol('none');
type OrNone<T> = T | typeof NONE;

/** The limit options `create` and `update` share, as commander hands them over (already parsed). */
interface LimitOptions {
  owner?: OrNone<string>;
  role?: KeyRole;
  expires?: OrNone<number>;
  models?: OrNone<string[]>;
  monthlyTokens?: OrNone<number>;
  monthlyCost?: OrNone<number>;
  rpm?: OrNone<number>;
  concurrency?: OrNone<number>;
  target?: OrNone<string>;
  account?: OrNone<string>;
}

/** Which option sets which field, to name the option (not the field) when a value is refused. */
const OPTION_OF: Record<string, string> = {
  label: '--label',
  owner: '--owner',
  role: '--role',
  expiresAt: '--expires',
  allowedModels: '--models',
  monthlyTokenBudget: '--monthly-tokens',
  monthlyCostBudgetUsd: '--monthly-cost',
  rpmLimit: '--rpm',
  concurrencyLimit: '--concurrency',
  pinnedTarget: '--target',
  pinnedAccount: '--account',
};

const orNone =
  <T>(parse: (value: string) => T) =>
  (value: string): OrNone<T> =>
    value.trim().toLowerCase() === 'none' ? NONE : parse(value);

const cleared = <T>(value: OrNone<T> | undefined): T | null | undefined => (value === NONE ? null : value);

const wholeNumber = orNone((value) => {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('give a whole number of at least 1, or "none".');
  return Number(value);
});

const dollars = orNone((value) => {
  const amount = Number(value.trim().replace(/^\$/, ''));
  if (!Number.isFinite(amount) || amount <= 0) throw new InvalidArgumentError('give an amount in US dollars above 0 (e.g. 25 or 12.50), or "none".');
  return amount;
});

const expiry = orNone((value) => {
  const parsed = expiresAtSchema.safeParse(value.trim());
  if (!parsed.success) throw new InvalidArgumentError('give an ISO 8601 date (2026-01-31, UTC midnight) or date-time with offset (2026-01-31T18:00:00+01:00), or "none".');
  return parsed.data;
});

const modelList = orNone((value) => {
  const models = value.split(',').map((model) => model.trim()).filter(Boolean);
  if (models.length === 0) throw new InvalidArgumentError('give model names separated by commas (as clients send them), or "none" for all models.');
  return models;
});

const ownerName = orNone((value) => value);

function addLimitOptions(command: Command): Command {
  return command
    .option('--owner <name>', 'who the key is for ("none" to clear)', ownerName)
    .addOption(new Option('--role <role>', 'admin (may use /admin and manage keys) or client').choices(['admin', 'client']))
    .option('--expires <date>', 'ISO 8601 date or date-time when the key stops working ("none": never)', expiry)
    .option('--models <a,b>', 'the only models the key may use, as clients name them ("none": all)', modelList)
    .option('--monthly-tokens <n>', 'tokens per calendar month (UTC) ("none": no budget)', wholeNumber)
    .option('--monthly-cost <usd>', 'API-equivalent US dollars per calendar month (UTC) ("none": no budget)', dollars)
    .option('--rpm <n>', 'requests per minute ("none": no limit)', wholeNumber)
    .option('--concurrency <n>', 'requests in flight at once ("none": no limit)', wholeNumber)
    .option('--target <name>', 'the only target its requests go to, as the routing table names it, e.g. claude ("none": any)', ownerName)
    .option('--account <id>', 'the only account its requests go to: billed to it, never another ("none": any)', ownerName);
}

/** The options as key fields; those not given stay undefined, so an update changes nothing else. */
function fieldsOf(options: LimitOptions): Omit<KeyChanges, 'label' | 'enabled'> {
  return {
    owner: cleared(options.owner),
    role: options.role,
    expiresAt: cleared(options.expires),
    allowedModels: cleared(options.models),
    monthlyTokenBudget: cleared(options.monthlyTokens),
    monthlyCostBudgetUsd: cleared(options.monthlyCost),
    rpmLimit: cleared(options.rpm),
    concurrencyLimit: cleared(options.concurrency),
    pinnedTarget: cleared(options.target),
    pinnedAccount: cleared(options.account),
  };
}

/** Opens the key store of the configured data-dir for one command, and closes it after. */
function withKeyStore(command: Command, use: (keys: KeyStore, spendOf: (keyId: string) => KeySpend) => void): void {
  const { config } = loadCliConfig(command);
  const db = openDatabase(databasePath(config['data-dir']));
  try {
    const stats = new UsageStats(db);
    use(new KeyStore(db), (keyId) => stats.monthToDate(keyId, Date.now()));
  } catch (error) {
    // Name the option the person typed rather than the internal field.
    if (error instanceof KeyStoreError && error.field) throw new Error(`${OPTION_OF[error.field] ?? error.field}${error.message.slice(error.field.length)}`, { cause: error });
    throw error;
  } finally {
    db.close();
  }
}

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description(`managed API keys for other people and tools, each with its own limits (the owner key: \`${cliCommand('key')}\`)`);

  keys
    .command('list')
    .description('list the managed keys (never their secrets)')
    .action((_options: unknown, command: Command) => {
      withKeyStore(command, (store, spendOf) => {
        const records = store.list();
        if (records.length === 0) say(`No managed keys yet: create one with \`${cliCommand('keys create --label <name>')}\`.`);
        else say(table(records, spendOf, Date.now()));
      });
    });

  addLimitOptions(keys.command('create').description('create a key and print its secret, once').requiredOption('--label <label>', 'what the key is for')).action(
    (options: LimitOptions & { label: string }, command: Command) => {
      withKeyStore(command, (store) => {
        const { record, secret } = store.create({ ...fieldsOf(options), label: options.label });
        say(`Created ${record.role} key ${record.id} ("${record.label}"). Its secret (shown once — store it now):`);
        say(`  ${secret}`);
        say('Switchboard keeps only its hash: if it is lost, revoke the key and create another.');
      });
    },
  );

  addLimitOptions(keys.command('update').description('change a key; "none" clears a limit').argument('<id>', `the key id (see \`${cliCommand('keys list')}\`)`))
    .option('--label <label>', 'what the key is for')
    .option('--enable', 'let the key work again')
    .option('--disable', 'stop the key from working until it is enabled again')
    .action((id: string, options: LimitOptions & { label?: string; enable?: boolean; disable?: boolean }, command: Command) => {
      if (options.enable && options.disable) throw new Error('give --enable or --disable, not both');
      const changes: KeyChanges = { ...fieldsOf(options), label: options.label, enabled: options.enable ? true : options.disable ? false : undefined };
      if (Object.values(changes).every((value) => value === undefined)) throw new Error(`nothing to change: give at least one option (see \`${cliCommand('keys update --help')}\`)`);
      withKeyStore(command, (store, spendOf) => {
        const record = store.update(id, changes);
        say(`Updated ${record.id}:\n${table([record], spendOf, Date.now())}`);
      });
    });

  keys
    .command('revoke')
    .description('stop a key from working, for good (it stays listed, for its usage history)')
    .argument('<id>', `the key id (see \`${cliCommand('keys list')}\`)`)
    .action((id: string, _options: unknown, command: Command) => {
      withKeyStore(command, (store) => {
        const record = store.revoke(id);
        say(`Revoked ${record.id} ("${record.label}"): it no longer works, also in a running server.`);
      });
    });
}

/**
 * "revoked", "disabled", "expired" (keyStateRefusal's key_… codes), "blocked until <date> (cost budget)" (a spent
 * budget) or "active": judged as the server judges them.
 */
function state(record: ApiKeyRecord, spendOf: (keyId: string) => KeySpend, now: number): string {
  const unusable = keyStateRefusal(record, now);
  if (unusable) return unusable.code.replace(/^key_/, '');
  const hasBudget = record.monthlyTokenBudget !== null || record.monthlyCostBudgetUsd !== null;
  const blocked = hasBudget ? budgetBlock(record, spendOf(record.id), startOfNextMonth(now)) : null;
  return blocked ? `blocked until ${day(blocked.until)} (${blocked.budget} budget used)` : 'active';
}

function limits(record: ApiKeyRecord): string {
  const parts = [
    record.rpmLimit !== null && `${record.rpmLimit} rpm`,
    record.concurrencyLimit !== null && `${record.concurrencyLimit} at once`,
    record.monthlyTokenBudget !== null && `${record.monthlyTokenBudget.toLocaleString('en-US')} tokens/month`,
    record.monthlyCostBudgetUsd !== null && `${formatUsd(record.monthlyCostBudgetUsd)}/month`,
    record.expiresAt !== null && `until ${day(record.expiresAt)}`,
    record.allowedModels !== null && `models ${record.allowedModels.join(',')}`,
    record.pinnedTarget !== null && `only target ${record.pinnedTarget}`,
    record.pinnedAccount !== null && `only account ${record.pinnedAccount}`,
  ];
  return parts.filter(Boolean).join(', ') || '-';
}

/** "2025-03-01 14:05" (UTC), short enough for a table column. */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function table(records: readonly ApiKeyRecord[], spendOf: (keyId: string) => KeySpend, now: number): string {
  const rows = [
    ['ID', 'PREFIX', 'LABEL', 'OWNER', 'ROLE', 'STATE', 'LAST USED (UTC)', 'LIMITS'],
    ...records.map((record) => [
      record.id,
      `${record.prefix}…`,
      record.label,
      record.owner ?? '-',
      record.role,
      state(record, spendOf, now),
      record.lastUsedAt === null ? 'never' : day(record.lastUsedAt),
      limits(record),
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')).join('\n');
}
