import { z } from 'zod';
import { httpUrl, selectionStrategies } from '../../config/fields.js';
import { cursorAgentConfigSchema } from '../../protocols/cursor-agent/agent-config.js';
import { CURSOR_BUILT_IN_MODELS, CURSOR_DEFAULT_ALIASES, CURSOR_DEFAULTS } from './constants.js';

const listedModel = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

/** The `providers.cursor` section: Cursor subscription logins through Cursor's agent chat (experimental, PROTOCOLS.md §3). */
export const cursorConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  strategy: z.enum(selectionStrategies).default('sticky'),
  'auth-url': httpUrl.default(CURSOR_DEFAULTS.authBaseUrl),
  'login-page-url': httpUrl.default(CURSOR_DEFAULTS.loginPageUrl),
  'oauth-client-id': z.string().min(1).default(CURSOR_DEFAULTS.oauthClientId),
  /** The chat transport: host, client version and the other names Cursor checks. */
  agent: cursorAgentConfigSchema.prefault({}),
  /** The models listed (Cursor's catalog is per account and region; a model outside it gets an empty answer). */
  models: z.array(listedModel).min(1).default(CURSOR_BUILT_IN_MODELS.map((model) => ({ id: model.id, name: model.displayName }))),
  /** Model aliases: name the client sends → Cursor's model id. */
  aliases: z.record(z.string().min(1), z.string().min(1)).default({ ...CURSOR_DEFAULT_ALIASES }),
});

export type CursorProviderConfig = z.output<typeof cursorConfigSchema>;

/** The settings Cursor's logins and importer read (structural: the whole Config is built from the modules). */
export interface CursorRunConfig {
  'auth-dir': string;
  providers: { cursor: CursorProviderConfig };
  timeouts: { refresh: number };
}
