import { createHash } from 'node:crypto';
import type { Account, AccountFile } from '../../accounts/account-file.js';
import { TokenStore } from '../../accounts/token-store.js';
import { LoginError } from '../login-error.js';
import type { CursorRunConfig } from './config-schema.js';
import { jwtExpiry, jwtSubject, type CursorTokens } from './tokens.js';

/** Where a login came from: the deep link, an API key, or a copy of the Cursor app's. */
export type CursorSource = 'login' | 'api-key' | 'cursor-app';

export interface CursorLoginDetails {
  email?: string | null;
  plan?: string | null;
  machineId?: string | null;
  signUpType?: string | null;
}

/** The identity an account file is named by: the token's subject, else (a token that is no JWT) a hash of it. */
export function cursorIdentity(accessToken: string): string {
  return jwtSubject(accessToken) ?? createHash('sha256').update(accessToken).digest('hex').slice(0, 16);
}

/**
 * Saves a login: a new account, the same person's again, or — when it renews one — into that account's file once
 * the token is shown to be the same person's.
 */
export async function saveCursorLogin(
  config: Pick<CursorRunConfig, 'auth-dir'>,
  tokens: CursorTokens,
  options: { source: CursorSource; details?: CursorLoginDetails; renews?: string | null; store?: TokenStore; now?: () => number },
): Promise<Account> {
  const now = new Date((options.now ?? Date.now)()).toISOString();
  const details = options.details ?? {};
  const data: AccountFile = {
    provider: 'cursor',
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_at: jwtExpiry(tokens.accessToken)?.toISOString() ?? null,
    email: details.email ?? null,
    plan: details.plan ?? null,
    machine_id: details.machineId ?? null,
    sign_up_type: details.signUpType ?? null,
    source: options.source,
    needs_login: null,
    logged_in_at: now,
  };
  const key = cursorIdentity(tokens.accessToken);
  const store = options.store ?? new TokenStore(config['auth-dir']);
  const renewed = options.renews ? await store.read(options.renews) : null;
  if (!renewed) return store.upsert(data, key);
  if (cursorIdentity(renewed.data.access_token) !== key) {
    const name = renewed.data.email ?? 'the account being renewed';
    throw new LoginError(`this login was to renew ${name}, but Cursor logged in someone else: log in again as ${name}, or add it as an account of its own; nothing was changed`);
  }
  return store.upsert({ ...data, machine_id: details.machineId ?? (renewed.data['machine_id'] as string | null | undefined) ?? null }, key, { into: renewed.id });
}
