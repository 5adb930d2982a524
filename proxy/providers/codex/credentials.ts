import { arch, release, type } from 'node:os';
import type { ProviderCredentials } from '../../accounts/account-pool.js';
import type { CredentialSource } from '../../protocols/protocol.js';
import { codexPartOf } from './account-part.js';

/** What the backend is told about the client: one originator and version feed the headers and the User-Agent. */
export interface CodexClientIdentity {
  originator: string;
  clientVersion: string;
}

/** `<originator>/<version> (<OS> <release>; <arch>) switchboard`, the shape codex-rs sends (default_client.rs). */
export function codexUserAgent(identity: CodexClientIdentity): string {
  return `${identity.originator}/${identity.clientVersion} (${type()} ${release()}; ${arch()}) switchboard`;
}

/**
 * A ChatGPT login as a credential source: the Bearer token, the workspace it acts in (ChatGPT-Account-ID), the
 * FedRAMP header for such workspaces, and the client identity the backend gates models by.
 */
export function codexCredentials(identity: () => CodexClientIdentity): CredentialSource<ProviderCredentials> {
  return {
    headers(credentials) {
      const part = codexPartOf(credentials.account.data);
      const client = identity();
      return {
        authorization: `Bearer ${credentials.accessToken}`,
        ...(part ? { 'chatgpt-account-id': part.chatgpt_account_id } : {}),
        ...(part?.fedramp ? { 'x-openai-fedramp': 'true' } : {}),
        originator: client.originator,
        version: client.clientVersion,
        'user-agent': codexUserAgent(client),
      };
    },
  };
}
