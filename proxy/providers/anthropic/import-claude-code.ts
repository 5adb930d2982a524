/**
 * Imports Claude Code's own login (PROTOCOLS.md §1): `~/.claude/.credentials.json`, or on macOS the Keychain
 * item "Claude Code-credentials", both holding `{"claudeAiOauth":{accessToken, refreshToken, expiresAt, …}}`.
 * The tokens are copied, not moved: both tools then use one refresh-token family.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { ClaudeRunConfig } from './config-schema.js';
import { createLogger } from '../../log.js';
import { fetchProfile, type AnthropicProfile } from './profile.js';
import type { Account, AccountFile } from '../../accounts/account-file.js';
import { TokenStore } from '../../accounts/token-store.js';
import { cliCommand } from '../../cli-command.js';
import { ImportError } from '../import-error.js';

const log = createLogger('providers/anthropic/import-claude-code');

const KEYCHAIN_SERVICE = 'Claude Code-credentials';
/** The identity (file name) used when no e-mail can be found. */
const FALLBACK_IDENTITY = 'claude-code';

export interface ImportClaudeCodeOptions {
  /** The home folder Claude Code uses (default: the current user's). */
  home?: string;
  fetch?: typeof fetch;
  platform?: NodeJS.Platform;
  /** Reads the macOS Keychain item; resolves null when there is none. Default: the `security` tool. */
  readKeychain?: () => Promise<string | null>;
  store?: TokenStore;
}

export interface ClaudeCodeImport {
  account: Account;
  /** What to tell the person, including that both tools now share one refresh-token family. */
  message: string;
}

const credentialsSchema = z.looseObject({
  claudeAiOauth: z.looseObject({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).nullable().optional(),
    expiresAt: z.number().positive().nullable().optional(),
    scopes: z.array(z.string()).nullable().optional(),
    subscriptionType: z.string().nullable().optional(),
    rateLimitTier: z.string().nullable().optional(),
  }),
});

type ClaudeAiOauth = z.output<typeof credentialsSchema>['claudeAiOauth'];

/** `oauthAccount` in `~/.claude.json`: who Claude Code is logged in as. Every field is optional. */
const claudeJsonSchema = z.looseObject({
  oauthAccount: z
    .looseObject({
      emailAddress: z.string().optional(),
      accountUuid: z.string().optional(),
      organizationUuid: z.string().optional(),
      organizationName: z.string().optional(),
    })
    .optional(),
});

type ClaudeJsonAccount = NonNullable<z.output<typeof claudeJsonSchema>['oauthAccount']>;

/** Copies Claude Code's login into an account file (source "claude-code"). */
export async function importClaudeCode(config: Pick<ClaudeRunConfig, 'auth-dir' | 'providers'>, options: ImportClaudeCodeOptions = {}): Promise<ClaudeCodeImport> {
  const home = options.home ?? homedir();
  const found = await findCredentials(home, options);
  const oauth = parseCredentials(found.text, found.from);
  const identity = await identify(config, oauth.accessToken, home, options);
  const { data, name } = accountFromCredentials(oauth, identity);
  const account = await (options.store ?? new TokenStore(config['auth-dir'])).upsert(data, name);
  return { account, message: importMessage(account, found.from, oauth) };
}

// --- finding and reading the login -----------------------------------------------------------------------

async function findCredentials(home: string, options: ImportClaudeCodeOptions): Promise<{ text: string; from: string }> {
  const path = join(home, '.claude', '.credentials.json');
  const text = await readIfExists(path);
  if (text !== null) return { text, from: path };
  const onMac = (options.platform ?? process.platform) === 'darwin';
  if (onMac) {
    const fromKeychain = await (options.readKeychain ?? readKeychain)();
    if (fromKeychain !== null) return { text: fromKeychain, from: `the macOS Keychain ("${KEYCHAIN_SERVICE}")` };
  }
  const where = onMac ? `${path} or in the macOS Keychain ("${KEYCHAIN_SERVICE}")` : path;
  throw new ImportError(`no Claude Code login found at ${where}: run \`claude\` and log in first`);
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ImportError(`could not read ${path}: ${(error as Error).message}`);
  }
}

/** `security find-generic-password -w` prints the stored secret; exit code 44 means there is no such item. */
async function readKeychain(): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('security', ['find-generic-password', '-s', KEYCHAIN_SERVICE, '-w'], { timeout: 30_000 });
    return stdout.trim() || null;
  } catch (error) {
    log.debug({ problem: (error as Error).message }, 'no Claude Code login in the Keychain');
    return null;
  }
}

function parseCredentials(text: string, from: string): ClaudeAiOauth {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError(`${from} is not valid JSON: run \`claude\` and log in again`);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) {
    // Paths only: the values are secrets.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)').join(', ');
    throw new ImportError(`${from} does not hold a Claude Code login (problem with: ${fields}): run \`claude\` and log in again`);
  }
  return parsed.data.claudeAiOauth;
}

// --- who the login belongs to ----------------------------------------------------------------------------

interface Identity {
  email: string | null;
  accountUuid: string | null;
  organization: { uuid?: string; name?: string } | null;
  plan: string | null;
}

/** Asks the profile endpoint; falls back to what Claude Code remembers in `~/.claude.json`. */
async function identify(config: Pick<ClaudeRunConfig, 'providers'>, accessToken: string, home: string, options: ImportClaudeCodeOptions): Promise<Identity> {
  const profile = await profileOrNull(config, accessToken, options);
  const remembered = await readClaudeJsonAccount(home);
  return {
    email: profile?.email ?? remembered?.emailAddress ?? null,
    accountUuid: profile?.accountUuid ?? remembered?.accountUuid ?? null,
    organization: profile?.organization ?? organizationOf(remembered),
    plan: profile?.plan ?? null,
  };
}

async function profileOrNull(config: Pick<ClaudeRunConfig, 'providers'>, accessToken: string, options: ImportClaudeCodeOptions): Promise<AnthropicProfile | null> {
  try {
    return await fetchProfile(config.providers.anthropic['base-url'], accessToken, { fetch: options.fetch });
  } catch (error) {
    log.warn({ problem: (error as Error).message }, 'could not read the account profile; using what ~/.claude.json says');
    return null;
  }
}

async function readClaudeJsonAccount(home: string): Promise<ClaudeJsonAccount | null> {
  const text = await readIfExists(join(home, '.claude.json')).catch(() => null);
  if (text === null) return null;
  try {
    const parsed = claudeJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.oauthAccount ?? null) : null;
  } catch {
    return null;
  }
}

function organizationOf(remembered: ClaudeJsonAccount | null): Identity['organization'] {
  if (!remembered?.organizationUuid && !remembered?.organizationName) return null;
  return { uuid: remembered.organizationUuid, name: remembered.organizationName };
}

// --- the account file ------------------------------------------------------------------------------------

function accountFromCredentials(oauth: ClaudeAiOauth, identity: Identity): { data: AccountFile; name: string } {
  const data: AccountFile = {
    provider: 'anthropic',
    access_token: oauth.accessToken,
    refresh_token: oauth.refreshToken ?? null,
    expires_at: oauth.expiresAt ? new Date(oauth.expiresAt).toISOString() : null,
    scopes: oauth.scopes ?? [],
    email: identity.email,
    account_uuid: identity.accountUuid,
    organization: identity.organization,
    ...planOf(identity.plan ?? oauth.subscriptionType ?? null),
    source: 'claude-code',
    // An import is a new login as far as this account goes: it revives it and starts its runtime state afresh.
    needs_login: null,
    logged_in_at: new Date().toISOString(),
  };
  return { data, name: identity.email ?? FALLBACK_IDENTITY };
}

/** Left out when unknown, so an earlier import's plan is kept. */
function planOf(plan: string | null): Pick<AccountFile, 'plan'> {
  return plan ? { plan } : {};
}

function importMessage(account: Account, from: string, oauth: ClaudeAiOauth): string {
  const who = account.data.email ?? 'an account whose e-mail could not be read';
  const expired = oauth.expiresAt !== undefined && oauth.expiresAt !== null && oauth.expiresAt <= Date.now();
  return [
    `Imported Claude Code's login for ${who} from ${from}.`,
    `Account file: ${account.path}`,
    ...(expired ? ['Its access token has expired; Switchboard refreshes it on first use.'] : []),
    '',
    'Note: Switchboard and Claude Code now share one refresh-token family. When one of them refreshes the token,',
    `the other may have to log in again (\`claude\` then /login, or \`${cliCommand('login anthropic')}\`).`,
    `For a login of its own, use \`${cliCommand('login anthropic')}\` instead of importing.`,
  ].join('\n');
}
