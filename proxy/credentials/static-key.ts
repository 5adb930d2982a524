import type { ProviderCredentials } from '../accounts/account-pool.js';
import type { CredentialSource } from '../protocols/protocol.js';

/** How an upstream takes a static API key: Anthropic's `x-api-key`, or OpenAI's `Authorization: Bearer`. */
export type KeyHeader = 'x-api-key' | 'bearer';

/**
 * A static API key as a credential source: the key is the account's secret and never changes, so nothing
 * refreshes it (the target offers no `refreshTokens`).
 */
export function staticKeyCredentials(header: KeyHeader): CredentialSource<ProviderCredentials> {
  return {
    headers: ({ accessToken }): Record<string, string> => (header === 'x-api-key' ? { 'x-api-key': accessToken } : { authorization: `Bearer ${accessToken}` }),
  };
}
