import type { ProviderModule } from '../provider-module.js';
import { cursorAccountPart } from './account-part.js';
import { apiKeyLoginInTerminal, startApiKeyLogin } from './api-key-login.js';
import { cursorConfigSchema, type CursorRunConfig } from './config-schema.js';
import { startDeepLinkLogin } from './deep-link-login.js';
import { importCursorApp } from './import-cursor-app.js';
import { CURSOR_POLICY_NOTE } from './policy.js';
import { createCursorTarget } from './provider.js';

/** Cursor subscription logins through Cursor's agent chat: the `cursor` provider (experimental). */
export const cursorModule = {
  id: 'cursor',
  displayName: 'Cursor (experimental)',
  configSchema: cursorConfigSchema,
  accountPart: cursorAccountPart,
  credentialKinds: ['oauth'],
  protocol: 'cursor-agent',
  loginMethods: [
    { kind: 'poll', id: 'deep-link', label: 'Log in on cursor.com…' },
    {
      kind: 'paste-code',
      id: 'api-key',
      label: 'Log in with a Cursor API key',
      paste: {
        step: "On the page that opens, create an API key (Cursor's dashboard, Integrations), copy it and paste it below: Switchboard exchanges it for a login and keeps no copy of the key.",
        field: 'Paste the Cursor API key',
        example: 'key_…',
      },
    },
  ],
  logins: {
    poll: { start: (config, options) => startDeepLinkLogin(config, options) },
    pasteCode: {
      inTerminal: (config, io) => apiKeyLoginInTerminal(config, io),
      start: (config, options) => Promise.resolve(startApiKeyLogin(config, { renews: options.renews, ...(options.fetch ? { fetch: options.fetch } : {}) })),
    },
  },
  importers: [{ id: 'cursor', label: 'Import from the Cursor app', run: (config, options) => importCursorApp(config, options) }],
  policyNote: CURSOR_POLICY_NOTE,
  quotaSources: ['usage-endpoint'],
  // The target exists once a Cursor login does, so its aliases never take a name while no account could serve it.
  createTargets: (section, deps) => (section.enabled && deps.accountFiles.length > 0 ? [createCursorTarget(section, deps)] : []),
} as const satisfies ProviderModule<'cursor', typeof cursorConfigSchema, CursorRunConfig>;
