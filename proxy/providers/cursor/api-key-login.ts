import type { Account } from '../../accounts/account-file.js';
import { LoginError } from '../login-error.js';
import type { PasteCodeLogin } from '../provider-module.js';
import { saveCursorLogin } from './account.js';
import { exchangeApiKey } from './auth-api.js';
import type { CursorRunConfig } from './config-schema.js';

/** Where a person makes a Cursor API key. */
export const CURSOR_API_KEYS_PAGE = 'https://cursor.com/dashboard?tab=integrations';

/** Exchanges a Cursor API key for a login's tokens (`/auth/exchange_user_api_key`) and saves the login. */
export async function loginWithApiKey(config: CursorRunConfig, apiKey: string, options: { renews: string | null; fetch?: typeof fetch }): Promise<Account> {
  const key = apiKey.trim();
  if (!/^[\x21-\x7e]+$/.test(key)) throw new LoginError('that is not a Cursor API key (paste the key alone)', { recovery: 'paste-again' });
  const call = { baseUrl: config.providers.cursor['auth-url'], fetch: options.fetch ?? fetch, timeoutMs: config.timeouts.refresh };
  let tokens;
  try {
    tokens = await exchangeApiKey(call, key);
  } catch (error) {
    throw new LoginError(error instanceof Error ? error.message : String(error), { cause: error, recovery: 'paste-again' });
  }
  return saveCursorLogin(config, tokens, { source: 'api-key', renews: options.renews });
}

/** The API-key login as a paste: the page that makes a key, then the pasted key. */
export function startApiKeyLogin(config: CursorRunConfig, options: { renews: string | null; fetch?: typeof fetch }): PasteCodeLogin {
  let finishing = false;
  let over = false;
  return {
    url: CURSOR_API_KEYS_PAGE,
    renews: options.renews,
    get finishing() {
      return finishing;
    },
    get over() {
      return over;
    },
    async finish(pasted) {
      finishing = true;
      try {
        const account = await loginWithApiKey(config, pasted, options);
        over = true;
        return account;
      } finally {
        finishing = false;
      }
    },
  };
}

/** In a terminal: asks for the key until one is accepted. */
export async function apiKeyLoginInTerminal(config: CursorRunConfig, io: { print(text: string): void; readLine(prompt: string): Promise<string> }): Promise<Account> {
  io.print(`Make a Cursor API key at ${CURSOR_API_KEYS_PAGE}, then paste it here.`);
  for (;;) {
    try {
      return await loginWithApiKey(config, await io.readLine('Cursor API key: '), { renews: null });
    } catch (error) {
      if (!(error instanceof LoginError) || error.recovery !== 'paste-again') throw error;
      io.print(error.message);
    }
  }
}
