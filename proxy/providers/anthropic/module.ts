import { completeLogin, loginWithLoopback, startLogin } from './login.js';
import { loginWithManualPaste, ManualLogin } from './manual-login.js';
import { claudeAccountPart } from './account-part.js';
import { anthropicConfigSchema, type ClaudeRunConfig } from './config-schema.js';
import { importClaudeCode } from './import-claude-code.js';
import { ANTHROPIC_POLICY_NOTE } from './policy.js';
import { createAnthropicProvider } from './provider.js';
import type { ProviderModule } from '../provider-module.js';

/** Claude subscriptions (Pro/Max) through Claude OAuth: the `anthropic` provider. */
export const anthropicModule = {
  id: 'anthropic',
  displayName: 'Claude',
  configSchema: anthropicConfigSchema,
  accountPart: claudeAccountPart,
  credentialKinds: ['oauth'],
  protocol: 'anthropic-messages',
  loginMethods: [
    { kind: 'loopback', id: 'oauth', label: 'Log in to Claude…' },
    {
      kind: 'paste-code',
      id: 'manual',
      label: 'Log in to Claude with a pasted code',
      paste: { step: 'Choose Authorize, then copy the whole code the page shows (including the “#” and what follows it) and paste it below.', field: 'Paste the code shown after you authorize', example: 'code#state' },
    },
  ],
  logins: {
    loopback: (config, io) => loginWithLoopback(config, { print: io.print, ...(io.openBrowser ? {} : { openBrowser: null }) }),
    // The window asks for the loopback redirect (`redirect-uri`, http://localhost:54545/callback) and catches it
    // before it leaves the window, so the port does not need to be free; the browser fallback does listen on it.
    window: {
      async start(config, target) {
        const attempt = await startLogin(config, config.providers.anthropic.oauth['redirect-uri'], {}, target);
        return { url: attempt.url, callback: { redirectUri: attempt.redirectUri, state: attempt.pkce.state, finish: (code) => completeLogin(config, attempt, code) } };
      },
      inBrowser: (config, options, target) => loginWithLoopback(config, { openBrowser: options.openExternal, signal: options.signal, print: options.print }, target),
    },
    pasteCode: {
      inTerminal: (config, io) => loginWithManualPaste(config, { readLine: io.readLine, print: io.print }),
      start: (config, options) =>
        ManualLogin.start(config, { ...(options.now ? { now: options.now } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) }, { renews: options.renews }),
    },
  },
  importers: [{ id: 'claude-code', label: 'Import from Claude Code', run: (config, options) => importClaudeCode(config, options) }],
  policyNote: ANTHROPIC_POLICY_NOTE,
  quotaSources: ['headers', 'usage-endpoint'],
  createTargets: (section, deps) => (section.enabled ? [createAnthropicProvider(section, deps)] : []),
} as const satisfies ProviderModule<'anthropic', typeof anthropicConfigSchema, ClaudeRunConfig>;
