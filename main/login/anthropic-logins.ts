/** Claude's login methods in the desktop app: the same PKCE login and import as the CLI, run from the shell. */
import { anthropicLoginWithLoopback, completeAnthropicLogin, createLogger, importClaudeCode, startAnthropicLogin } from '../../proxy/index.js';
import type { ImportLoginHandler, WindowLoginHandler } from './login-handler.js';

const log = createLogger('main/login/anthropic');

/**
 * The window asks for the loopback redirect (`redirect-uri`, http://localhost:54545/callback) and catches it
 * before it leaves the window, so the port does not need to be free; the browser fallback does listen on it.
 */
export const anthropicWindowLogin: WindowLoginHandler = {
  kind: 'oauth-window',
  async start(config, target) {
    const attempt = await startAnthropicLogin(config, config.providers.anthropic.oauth['redirect-uri'], {}, target);
    return {
      url: attempt.url,
      callback: {
        redirectUri: attempt.redirectUri,
        state: attempt.pkce.state,
        finish: (code) => completeAnthropicLogin(config, attempt, code),
      },
    };
  },
  inBrowser: (config, options, target) =>
    anthropicLoginWithLoopback(config, { openBrowser: options.openExternal, signal: options.signal, print: (text) => log.info(text) }, target),
};

export const claudeCodeImport: ImportLoginHandler = {
  kind: 'import',
  run: (config) => importClaudeCode(config),
};
