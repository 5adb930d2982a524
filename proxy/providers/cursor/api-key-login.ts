import type { Account } from '../../accounts/account-file.js';
import { LoginError } from '../login-error.js';
import { pasteLogin, pasteLoginInTerminal, type TerminalIo } from '../paste-login.js';
import type { PasteCodeLogin } from '../provider-module.js';
import { saveCursorLogin } from './account.js';
import { exchangeApiKey } from './auth-api.js';
import type { CursorRunConfig } from './config-schema.js';
import { readCursorPlan } from './usage-summary.js';

/** Where a person makes a Cursor API key. */
export const CURSOR_API_KEYS_PAGE = 'https://cursor.com/dashboard?tab=integrations';

/** What was pasted, as a key: a LoginError (`paste-again`) for anything that cannot be one. */
function readApiKey(pasted: string): string {
  const key = pasted.trim();
  if (!/^[\x21-\x7e]+$/.test(key)) throw new LoginError('that is not a Cursor API key (paste the key alone)', { recovery: 'paste-again' });
  return key;
}

/** Exchanges a Cursor API key for a login's tokens (`/auth/exchange_user_api_key`) and saves the login. */
async function exchangeAndSave(config: CursorRunConfig, key: string, options: { renews: string | null; fetch?: typeof fetch }): Promise<Account> {
  const call = { baseUrl: config.providers.cursor['auth-url'], fetch: options.fetch ?? fetch, timeoutMs: config.timeouts.refresh };
  let tokens;
  try {
    tokens = await exchangeApiKey(call, key);
  } catch (error) {
    throw new LoginError(error instanceof Error ? error.message : String(error), { cause: error, recovery: 'paste-again' });
  }
  const plan = await readCursorPlan({ ...call, accessToken: tokens.accessToken });
  return saveCursorLogin(config, tokens, { source: 'api-key', details: { plan }, renews: options.renews });
}

/** The API-key login as a paste (the shared paste login, providers/paste-login.ts): the page that makes a key, then the pasted key. */
export function startApiKeyLogin(config: CursorRunConfig, options: { renews: string | null; fetch?: typeof fetch }): PasteCodeLogin {
  return pasteLogin({ url: CURSOR_API_KEYS_PAGE, renews: options.renews, read: readApiKey, exchange: (key) => exchangeAndSave(config, key, options) });
}

/** In a terminal: asks for the key until one is accepted. */
export function apiKeyLoginInTerminal(config: CursorRunConfig, io: TerminalIo): Promise<Account> {
  const intro = (url: string) => `Make a Cursor API key at ${url}, then paste it here.`;
  return pasteLoginInTerminal(() => startApiKeyLogin(config, { renews: null }), io, { intro, prompt: 'Cursor API key: ', fresh: intro });
}
