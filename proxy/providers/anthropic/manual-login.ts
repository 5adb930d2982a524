/**
 * The manual login (PROTOCOLS.md §1 "OAuth"): the person opens the address on any device, authorizes, and pastes
 * back the `code#state` the page shows. One ManualLogin is one such attempt, shared by the CLI (which prompts
 * again) and the dashboard (which keeps the attempt between two requests): a wrong or malformed paste leaves it
 * waiting for another try; only the provider refusing the code (used or expired) or a saved account ends it.
 */
import type { Account } from '../../accounts/account-file.js';
import { pasteLogin, pasteLoginInTerminal } from '../paste-login.js';
import type { PasteCodeLogin } from '../provider-module.js';
import { completeLogin, openInBackground, printToStdout, readPaste, startLogin, type LoginConfig, type LoginDeps, type LoginTarget } from './login.js';

/** One manual login attempt (the shared paste-login state, providers/paste-login.ts). */
export type ManualLogin = PasteCodeLogin;

export const ManualLogin = {
  /** A new attempt: fresh PKCE and state, and the address to open; a paste is `code#state` or the whole address. */
  async start(config: LoginConfig, deps: LoginDeps = {}, target: LoginTarget = {}): Promise<ManualLogin> {
    const attempt = await startLogin(config, config.providers.anthropic.oauth['manual-redirect-uri'], deps, target);
    return pasteLogin({
      url: attempt.url,
      renews: attempt.renews,
      read: (pasted) => readPaste(pasted, attempt.pkce.state),
      exchange: (code) => completeLogin(config, attempt, code, deps),
    });
  },
};

export interface ManualLoginDeps extends LoginDeps {
  /** Shows the prompt and resolves with the line the person pasted; rejects when no more lines can come. */
  readLine: (prompt: string) => Promise<string>;
}

/**
 * The CLI's manual login: prints the address, reads the pasted code, and asks again until the login works — the
 * same attempt after a wrong paste, a new attempt with a fresh address after the provider refused the code. It
 * ends with the account, or with the error of `readLine` (e.g. stdin closed).
 */
export async function loginWithManualPaste(config: LoginConfig, deps: ManualLoginDeps, target: LoginTarget = {}): Promise<Account> {
  const print = deps.print ?? printToStdout;
  return pasteLoginInTerminal(
    () => ManualLogin.start(config, deps, target),
    { print, readLine: deps.readLine },
    {
      intro: (url) =>
        [
          'Open this address in a browser (on any device), log in and choose Authorize:',
          '',
          `  ${url}`,
          '',
          'The page then shows a code that looks like "code#state": copy all of it and paste it here.',
        ].join('\n'),
      prompt: 'Code: ',
      fresh: (url) => ['', 'Here is a fresh login address: open it, authorize, and paste the new code here.', '', `  ${url}`, ''].join('\n'),
    },
    (url) => {
      if (deps.openBrowser) openInBackground(deps.openBrowser, url, print);
    },
  );
}
