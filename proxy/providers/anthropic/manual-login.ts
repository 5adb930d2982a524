/**
 * The manual login (PROTOCOLS.md §1 "OAuth"): the person opens the address on any device, authorizes, and pastes
 * back the `code#state` the page shows. One ManualLogin is one such attempt, shared by the CLI (which prompts
 * again) and the dashboard (which keeps the attempt between two requests): a wrong or malformed paste leaves it
 * waiting for another try; only the provider refusing the code (used or expired) or a saved account ends it.
 */
import type { Account } from '../../accounts/account-file.js';
import { LoginError } from '../login-error.js';
import { completeLogin, openInBackground, printToStdout, readPaste, startLogin, type LoginAttempt, type LoginConfig, type LoginDeps, type LoginTarget } from './login.js';

type Phase = 'waiting' | 'finishing' | 'over';

export class ManualLogin {
  private phase: Phase = 'waiting';

  private constructor(
    private readonly config: LoginConfig,
    readonly attempt: LoginAttempt,
    private readonly deps: LoginDeps,
  ) {}

  /** A new attempt: fresh PKCE and state, and the address to open. */
  static async start(config: LoginConfig, deps: LoginDeps = {}, target: LoginTarget = {}): Promise<ManualLogin> {
    const attempt = await startLogin(config, config.providers.anthropic.oauth['manual-redirect-uri'], deps, target);
    return new ManualLogin(config, attempt, deps);
  }

  get url(): string {
    return this.attempt.url;
  }

  /** The account this login renews, or null for a new account. */
  get renews(): string | null {
    return this.attempt.renews;
  }

  /** True while a pasted code is being exchanged. */
  get finishing(): boolean {
    return this.phase === 'finishing';
  }

  /** True once the account is saved or the provider refused the code: only a new attempt can log in then. */
  get over(): boolean {
    return this.phase === 'over';
  }

  /**
   * Finishes the login with what was pasted (`code#state`, or the whole address the browser ended on). Throws a
   * LoginError whose `recovery` says whether this attempt can take another paste.
   */
  async finish(pasted: string): Promise<Account> {
    if (this.phase === 'finishing') throw new LoginError('this login is being finished right now: wait for it to end', { recovery: 'paste-again' });
    if (this.phase === 'over') throw new LoginError('this login is over: start a new one for a fresh link', { recovery: 'start-again' });
    const code = readPaste(pasted, this.attempt.pkce.state);
    this.phase = 'finishing';
    try {
      const account = await completeLogin(this.config, this.attempt, code, this.deps);
      this.phase = 'over';
      return account;
    } catch (error) {
      // Anything but "paste again" (e.g. the account file could not be written) may have spent the code.
      this.phase = error instanceof LoginError && error.recovery === 'paste-again' ? 'waiting' : 'over';
      throw error;
    }
  }
}

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
  let login = await ManualLogin.start(config, deps, target);
  print(
    [
      'Open this address in a browser (on any device), log in and choose Authorize:',
      '',
      `  ${login.url}`,
      '',
      'The page then shows a code that looks like "code#state": copy all of it and paste it here.',
    ].join('\n'),
  );
  if (deps.openBrowser) openInBackground(deps.openBrowser, login.url, print);
  for (;;) {
    const pasted = await deps.readLine('Code: ');
    try {
      return await login.finish(pasted);
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      if (error.recovery === 'paste-again') {
        print(`That did not work: ${error.message}.`);
        continue;
      }
      login = await ManualLogin.start(config, deps, target);
      print([`That did not work: ${error.message}.`, '', 'Here is a fresh login address: open it, authorize, and paste the new code here.', '', `  ${login.url}`, ''].join('\n'));
    }
  }
}
