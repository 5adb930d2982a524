import { z } from 'zod';
import { httpUrl, selectionStrategies } from '../../config/fields.js';
import { ANTHROPIC_DEFAULTS } from './constants.js';
import { ANTHROPIC_DEFAULT_CLIENT_MODEL } from './models.js';

const anthropicOAuth = z.strictObject({
  'client-id': z.string().min(1).default(ANTHROPIC_DEFAULTS.oauth.clientId),
  'authorize-url': httpUrl.default(ANTHROPIC_DEFAULTS.oauth.authorizeUrl),
  'token-url': httpUrl.default(ANTHROPIC_DEFAULTS.oauth.tokenUrl),
  'legacy-token-url': httpUrl.nullable().default(ANTHROPIC_DEFAULTS.oauth.legacyTokenUrl),
  'redirect-uri': httpUrl.default(ANTHROPIC_DEFAULTS.oauth.redirectUri),
  'manual-redirect-uri': httpUrl.default(ANTHROPIC_DEFAULTS.oauth.manualRedirectUri),
  scopes: z.array(z.string().min(1)).min(1).default([...ANTHROPIC_DEFAULTS.oauth.scopes]),
});

const anthropicProfile = z.strictObject({
  /** auto: apply the Claude Code profile only to clients that are not Claude Code. */
  mode: z.enum(['auto', 'always', 'never']).default('auto'),
  'cli-version': z.string().regex(/^\d+\.\d+\.\d+/, 'must be a version like "2.1.330"').default(ANTHROPIC_DEFAULTS.profile.cliVersion),
  entrypoint: z.string().min(1).default(ANTHROPIC_DEFAULTS.profile.entrypoint),
});

/** The `providers.anthropic` section of the config: the Claude subscription pool. */
export const anthropicConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** How requests are spread over this provider's accounts. */
  strategy: z.enum(selectionStrategies).default('sticky'),
  'base-url': httpUrl.default(ANTHROPIC_DEFAULTS.baseUrl),
  oauth: anthropicOAuth.prefault({}),
  'request-profile': anthropicProfile.prefault({}),
  /** Extra `anthropic-beta` values sent on every request, besides the required OAuth beta. */
  'extra-betas': z.array(z.string().min(1)).default([]),
  /** Model aliases: name the client sends → upstream model id. Merged over the built-in ones. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** The model client setup writes for a client that needs one (the Codex CLI): an alias by default, so it never goes stale. */
  'default-client-model': z.string().min(1).default(ANTHROPIC_DEFAULT_CLIENT_MODEL),
});

export type AnthropicProviderConfig = z.output<typeof anthropicConfigSchema>;

/**
 * The settings Claude's logins and importer read: its own section, where account files go and the refresh
 * timeout. A structural type (the whole Config is one), so this module does not depend on the config built from it.
 */
export interface ClaudeRunConfig {
  'auth-dir': string;
  providers: { anthropic: AnthropicProviderConfig };
  timeouts: { refresh: number };
}
