import type { ProviderModule } from '../provider-module.js';
import { codexAccountPart } from './account-part.js';
import { codexConfigSchema, type CodexRunConfig } from './config-schema.js';
import { startCodexDeviceLogin } from './device-login.js';
import { importCodexCli } from './import-codex-cli.js';
import { CodexPasteLogin, loginWithBrowser, loginWithPaste, startWindowLogin } from './login.js';
import { CODEX_POLICY_NOTE } from './policy.js';
import { createCodexTarget } from './provider.js';

/** ChatGPT Plus/Pro/Business logins ("Sign in with ChatGPT") through the Codex backend: the `codex` provider. */
export const codexModule = {
  id: 'codex',
  displayName: 'ChatGPT (Codex)',
  configSchema: codexConfigSchema,
  accountPart: codexAccountPart,
  credentialKinds: ['oauth'],
  protocol: 'openai-responses',
  loginMethods: [
    { kind: 'loopback', id: 'oauth', label: 'Sign in with ChatGPT…' },
    // Before the paste: the dashboard's "Add a ChatGPT account" runs the first login a browser can drive.
    { kind: 'device-code', id: 'device', label: 'Sign in with ChatGPT using a code' },
    {
      kind: 'paste-code',
      id: 'manual',
      label: 'Sign in with ChatGPT and paste the address',
      paste: {
        step: 'The browser then goes to an address on localhost that may not load: copy that whole address from the address bar and paste it below.',
        field: 'Paste the address the browser ended on',
        example: 'http://localhost:1455/auth/callback?code=…&state=…',
      },
    },
  ],
  logins: {
    loopback: (config, io) => loginWithBrowser(config, { print: io.print, ...(io.openBrowser ? {} : { openBrowser: null }) }),
    window: {
      start: async (config, target) => startWindowLogin(config, target),
      inBrowser: (config, options, target) => loginWithBrowser(config, { openBrowser: options.openExternal, signal: options.signal, print: options.print }, target),
    },
    pasteCode: {
      inTerminal: (config, io) => loginWithPaste(config, io),
      start: async (config, options) => CodexPasteLogin.start(config, { ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.now ? { now: options.now } : {}) }, { renews: options.renews }),
    },
    deviceCode: { start: startCodexDeviceLogin },
  },
  importers: [{ id: 'codex-cli', label: 'Import from the Codex CLI', run: (config, options) => importCodexCli(config, options.home ? { home: options.home } : {}) }],
  policyNote: CODEX_POLICY_NOTE,
  quotaSources: ['headers', 'usage-endpoint'],
  // The target exists once a ChatGPT login does: until then `gpt-*` names stay free for an OpenAI key that serves them.
  createTargets: (section, deps) => (section.enabled && deps.accountFiles.length > 0 ? [createCodexTarget(section, deps)] : []),
} as const satisfies ProviderModule<'codex', typeof codexConfigSchema, CodexRunConfig>;
