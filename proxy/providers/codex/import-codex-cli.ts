/**
 * Imports the Codex CLI's own ChatGPT login (PROTOCOLS.md §2 "Importing the Codex CLI login"): `auth.json` in
 * CODEX_HOME (default ~/.codex). Only a ChatGPT sign-in with OAuth tokens can be copied; an agent identity or an
 * API key cannot, and a login kept in the OS keyring is not in a file to copy. The copy shares one refresh-token
 * family with Codex, which revokes it on its next login or logout: the message says so.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Account } from '../../accounts/account-file.js';
import type { TokenStore } from '../../accounts/token-store.js';
import { cliCommand } from '../../cli-command.js';
import { ImportError } from '../import-error.js';
import { saveLogin } from './account.js';
import type { CodexRunConfig } from './config-schema.js';
import { jwtExpiry } from './id-token.js';

const authFileSchema = z.looseObject({
  auth_mode: z.string().nullable().optional(),
  OPENAI_API_KEY: z.string().nullable().optional(),
  tokens: z
    .looseObject({
      id_token: z.string().min(1),
      access_token: z.string().min(1),
      refresh_token: z.string().min(1),
      account_id: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  last_refresh: z.string().nullable().optional(),
});

const SIGN_IN_INSTEAD = `sign in with ChatGPT in Switchboard instead: \`${cliCommand('login codex')}\``;

export interface ImportCodexCliOptions {
  home?: string;
  /** CODEX_HOME, when set (default: $CODEX_HOME, else <home>/.codex). */
  codexHome?: string;
  store?: TokenStore;
  now?: () => number;
}

export async function importCodexCli(config: Pick<CodexRunConfig, 'auth-dir'>, options: ImportCodexCliOptions = {}): Promise<{ account: Account; message: string }> {
  const codexHome = options.codexHome ?? process.env['CODEX_HOME'] ?? join(options.home ?? homedir(), '.codex');
  const path = join(codexHome, 'auth.json');
  const text = await readFile(path, 'utf8').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw new ImportError(`could not read ${path}: ${error.message}`);
    throw new ImportError(await missingFileMessage(codexHome, path));
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError(`${path} is not JSON: is it damaged? Log in to Codex again, or ${SIGN_IN_INSTEAD}`);
  }
  const parsed = authFileSchema.safeParse(json);
  if (!parsed.success) throw new ImportError(`${path} is not a Codex login this Switchboard can read: ${SIGN_IN_INSTEAD}`);
  const auth = parsed.data;
  const mode = auth.auth_mode ?? (auth.tokens ? 'chatgpt' : auth.OPENAI_API_KEY ? 'apikey' : null);
  if (mode !== 'chatgpt' || !auth.tokens) {
    const what = mode === 'agentIdentity' ? 'an agent identity' : mode === 'apikey' || auth.OPENAI_API_KEY ? 'an API key' : `"${mode ?? 'unknown'}"`;
    throw new ImportError(`this Codex login is ${what}, not a ChatGPT sign-in: it has no OAuth tokens to copy — ${SIGN_IN_INSTEAD}`);
  }
  const tokens = auth.tokens;
  const account = await saveLogin(config, { idToken: tokens.id_token, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: jwtExpiry(tokens.access_token) }, {
    source: 'codex-cli',
    ...(options.store ? { store: options.store } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    account,
    message: [
      `Imported the Codex CLI's ChatGPT login${account.data.email ? ` (${account.data.email})` : ''} as ${account.id}.`,
      'Switchboard and Codex now share one login: Codex revokes it when you next log in to or out of Codex, and then this account needs a new login.',
      `For a login of its own that Codex cannot end, use \`${cliCommand('login codex')}\`.`,
    ].join(' '),
  };
}

/** No auth.json: say why — the login may live in the OS keyring, or there is none. */
async function missingFileMessage(codexHome: string, path: string): Promise<string> {
  const config = await readFile(join(codexHome, 'config.toml'), 'utf8').catch(() => '');
  const store = /^\s*cli_auth_credentials_store\s*=\s*"(\w+)"/m.exec(config)?.[1];
  if (store === 'keyring' || store === 'auto') {
    return `the Codex CLI keeps its login in the OS keyring (cli_auth_credentials_store = "${store}"), not in ${path}: Switchboard does not copy it from there — ${SIGN_IN_INSTEAD}`;
  }
  if (store === 'ephemeral') return `the Codex CLI keeps its login only in memory (cli_auth_credentials_store = "ephemeral"): there is nothing to copy — ${SIGN_IN_INSTEAD}`;
  return `no Codex CLI login found (${path} does not exist): log in to Codex first (\`codex login\`), or ${SIGN_IN_INSTEAD}`;
}
