import { ANTHROPIC_VERSION } from '../../protocols/anthropic-messages/upstream-headers.js';
import type { CredentialSource } from '../../protocols/protocol.js';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { OAUTH_BETA } from './constants.js';

/** A Claude OAuth token authenticates as a Bearer token, and only with the OAuth beta. */
export function claudeOAuthHeaders(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, 'anthropic-beta': OAUTH_BETA };
}

/** The Claude OAuth login as a credential source: the account's current token (the pool keeps it fresh). */
export const claudeOAuthCredentials: CredentialSource<ProviderCredentials> = {
  headers: (credentials) => claudeOAuthHeaders(credentials.accessToken),
};

/** What Anthropic's account endpoints (/api/oauth/profile, /api/oauth/usage) need: the token and the OAuth beta. */
export function oauthApiHeaders(accessToken: string): Record<string, string> {
  return { ...claudeOAuthHeaders(accessToken), 'anthropic-version': ANTHROPIC_VERSION, accept: 'application/json' };
}
