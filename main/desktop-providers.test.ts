import { describe, expect, it } from 'vitest';
import { desktopProviders, desktopProvidersOf } from './desktop-providers.js';
import { loginMethodKey, loginMethods } from './login/login-methods.js';

describe('desktop providers', () => {
  it("are drawn from the proxy's provider catalog: each window login and importer (Claude's, ChatGPT's, Cursor's)", () => {
    expect(desktopProviders).toEqual([
      {
        id: 'anthropic',
        name: 'Claude',
        logins: [
          { id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' },
          { id: 'import-claude-code', label: 'Import from Claude Code', kind: 'import' },
        ],
      },
      {
        id: 'codex',
        name: 'ChatGPT (Codex)',
        logins: [
          { id: 'oauth', label: 'Sign in with ChatGPT…', kind: 'oauth-window' },
          // The device code waits while the person enters it in any browser, as the seam's waiting logins do.
          { id: 'device', label: 'Sign in with ChatGPT using a code', kind: 'waiting' },
          { id: 'import-codex-cli', label: 'Import from the Codex CLI', kind: 'import' },
        ],
      },
      {
        id: 'cursor',
        name: 'Cursor (experimental)',
        logins: [
          // The deep link waits while the person logs in on cursor.com, as the seam's waiting logins do.
          { id: 'deep-link', label: 'Log in on cursor.com…', kind: 'waiting' },
          { id: 'import-cursor', label: 'Import from the Cursor app', kind: 'import' },
        ],
      },
    ]);
  });

  it('leave out a provider with no login the desktop runs (an API key, added in the dashboard)', () => {
    const keyOnly = { id: 'openai-key', displayName: 'OpenAI API key', credentialKinds: ['api-key'] as const, protocol: 'openai-responses', importers: [], policyNote: null, quotaSources: [] };
    expect(desktopProvidersOf([{ ...keyOnly, loginMethods: [{ kind: 'api-key', id: 'api-key', label: 'Add an OpenAI API key', fields: [] }] }])).toEqual([]);
  });

  it('list a provider the catalog adds, with no literal in the shell', () => {
    const [drawn] = desktopProvidersOf([
      {
        id: 'codex',
        displayName: 'ChatGPT',
        credentialKinds: ['oauth'],
        protocol: 'openai-responses',
        loginMethods: [
          { kind: 'loopback', id: 'oauth', label: 'Log in to ChatGPT…' },
          { kind: 'device-code', id: 'device', label: 'Log in with a code' },
        ],
        importers: [{ id: 'codex-cli', label: 'Import from the Codex CLI' }],
        policyNote: null,
        quotaSources: [],
      },
    ]);
    expect(drawn).toEqual({
      id: 'codex',
      name: 'ChatGPT',
      logins: [
        { id: 'oauth', label: 'Log in to ChatGPT…', kind: 'oauth-window' },
        { id: 'device', label: 'Log in with a code', kind: 'waiting' },
        { id: 'import-codex-cli', label: 'Import from the Codex CLI', kind: 'import' },
      ],
    });
  });

  it('have a handler for every login they list', () => {
    for (const provider of desktopProviders) {
      for (const login of provider.logins) expect(loginMethods[loginMethodKey(provider.id, login.id)], `${provider.id}/${login.id}`).toBeDefined();
    }
  });
});
