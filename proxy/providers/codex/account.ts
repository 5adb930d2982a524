import type { Account, AccountFile } from '../../accounts/account-file.js';
import { TokenStore } from '../../accounts/token-store.js';
import { LoginError } from '../login-error.js';
import { codexPartOf } from './account-part.js';
import type { CodexRunConfig } from './config-schema.js';
import { identityFromIdToken, identityKey } from './id-token.js';
import type { CodexTokens } from './oauth.js';

/** Where a login came from: our own login, or a copy of the Codex CLI's. */
export type CodexSource = 'login' | 'codex-cli';

/** The account file of a ChatGPT login: tokens, and who it is from the id token. */
export function accountFromTokens(tokens: CodexTokens, source: CodexSource, now: Date): { data: AccountFile; key: string } {
  const identity = identityFromIdToken(tokens.idToken);
  return {
    key: identityKey(identity),
    data: {
      provider: 'codex',
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      expires_at: tokens.expiresAt?.toISOString() ?? null,
      email: identity.email,
      plan: identity.plan,
      chatgpt_account_id: identity.accountId,
      chatgpt_user_id: identity.userId,
      fedramp: identity.fedramp,
      last_refresh: now.toISOString(),
      source,
      needs_login: null,
      logged_in_at: now.toISOString(),
    },
  };
}

/**
 * Saves a login: a new account, the same person's account again (same user in the same workspace), or — when the
 * login renews one — into that account's file, once it is shown to be the same user and workspace.
 */
export async function saveLogin(config: Pick<CodexRunConfig, 'auth-dir'>, tokens: CodexTokens, options: { source: CodexSource; renews?: string | null; store?: TokenStore; now?: () => number }): Promise<Account> {
  const { data, key } = accountFromTokens(tokens, options.source, new Date((options.now ?? Date.now)()));
  const store = options.store ?? new TokenStore(config['auth-dir']);
  const renewed = options.renews ? await store.read(options.renews) : null;
  if (!renewed) return store.upsert(data, key);
  const was = codexPartOf(renewed.data);
  const is = codexPartOf(data);
  const same = was !== null && is !== null && was.chatgpt_account_id === is.chatgpt_account_id && (was.chatgpt_user_id ?? null) === (is.chatgpt_user_id ?? null);
  if (!same) {
    const name = (file: AccountFile) => file.email ?? 'another ChatGPT login';
    throw new LoginError(`this login was to renew ${name(renewed.data)}, but the sign-in page logged in ${name(data)} (or another workspace): log in again as ${name(renewed.data)}, or add it as an account of its own; nothing was changed`);
  }
  return store.upsert(data, key, { into: renewed.id });
}
