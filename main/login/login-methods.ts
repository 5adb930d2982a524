/**
 * Every login method the desktop shell can run, keyed by "<provider id>/<method id>" as main/desktop-providers.ts
 * names them. Adding a provider (Codex, Cursor) means an entry there and its handlers here; the shell stays as it is.
 */
import { anthropicWindowLogin, claudeCodeImport } from './anthropic-logins.js';
import type { LoginHandler } from './login-handler.js';

export type LoginMethodRegistry = Readonly<Record<string, LoginHandler>>;

export function loginMethodKey(providerId: string, methodId: string): string {
  return `${providerId}/${methodId}`;
}

export const loginMethods: LoginMethodRegistry = {
  [loginMethodKey('anthropic', 'oauth')]: anthropicWindowLogin,
  [loginMethodKey('anthropic', 'import-claude-code')]: claudeCodeImport,
};
