import { z } from 'zod';
import { httpUrl, selectionStrategies } from '../../config/fields.js';
import { CODEX_DEFAULTS } from './constants.js';

const port = z.number().int().min(1).max(65535);

const codexOAuth = z.strictObject({
  issuer: httpUrl.default(CODEX_DEFAULTS.oauth.issuer),
  'client-id': z.string().min(1).default(CODEX_DEFAULTS.oauth.clientId),
  scopes: z.array(z.string().min(1)).min(1).default([...CODEX_DEFAULTS.oauth.scopes]),
  /** The loopback login listens on the first port, else the next (the client has these redirects registered). */
  'loopback-ports': z.array(port).min(1).default([...CODEX_DEFAULTS.oauth.loopbackPorts]),
});

/** The `providers.codex` section of the config: ChatGPT Plus/Pro/Business logins through the Codex backend. */
export const codexConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  strategy: z.enum(selectionStrategies).default('sticky'),
  'base-url': httpUrl.default(CODEX_DEFAULTS.baseUrl),
  oauth: codexOAuth.prefault({}),
  originator: z.string().min(1).default(CODEX_DEFAULTS.originator),
  'client-version': z.string().regex(/^\d+\.\d+\.\d+/, 'must be a version like "0.155.0"').default(CODEX_DEFAULTS.clientVersion),
  /** Model aliases: name the client sends → upstream model id. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
});

export type CodexProviderConfig = z.output<typeof codexConfigSchema>;
export type CodexOAuthConfig = CodexProviderConfig['oauth'];

/** The settings Codex's logins and importer read (structural: the whole Config is built from the modules). */
export interface CodexRunConfig {
  'auth-dir': string;
  providers: { codex: CodexProviderConfig };
  timeouts: { refresh: number };
}
