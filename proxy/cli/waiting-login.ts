/**
 * The device-code and poll logins in a terminal: print the code and its page (or the page, opened in the browser),
 * then wait — the shared waiter polls — until the login is done, refused, expired or cancelled (Ctrl-C).
 */
import type { Account } from '../accounts/account-file.js';
import type { Config } from '../config/load.js';
import { waitForLogin, type LoginWaitOutcome } from '../providers/poll-login.js';
import type { DeviceCodeLogin, PageLogin, ProviderModule } from '../providers/provider-module.js';

export interface WaitingLoginIo {
  print(text: string): void;
  /** Opens the system browser on a page to log in on; null: only print it. */
  openBrowser: ((url: string) => Promise<void>) | null;
  /** Ctrl-C: stops the wait, nothing is saved. */
  signal: AbortSignal;
}

/** A login that waits, as a terminal carries it out; resolves with how it ended. */
export async function runWaitingLogin(
  module: ProviderModule,
  kind: 'device-code' | 'poll',
  config: Config,
  io: WaitingLoginIo,
  options: { fetch?: typeof fetch } = {},
): Promise<LoginWaitOutcome> {
  const start = { renews: null, signal: io.signal, ...options };
  let login: DeviceCodeLogin | PageLogin;
  try {
    login = kind === 'device-code' ? await requireRunner(module.logins.deviceCode, module, kind).start(config, start) : await requireRunner(module.logins.poll, module, kind).start(config, start);
  } catch (error) {
    // Ctrl-C while the provider was asked for a code: the request was aborted, which is no failure.
    if (io.signal.aborted) return { kind: 'cancelled' };
    throw error;
  }
  io.print(kind === 'device-code' ? deviceCodeText(module, login as DeviceCodeLogin) : pageText(module, login as PageLogin, io.openBrowser !== null));
  if (kind === 'poll' && io.openBrowser) await io.openBrowser((login as PageLogin).url).catch(() => io.print('(The browser could not be opened: open the address above yourself.)'));
  return waitForLogin(login, { signal: io.signal });
}

/** The account a login saved, or an error that says how it ended and what to do. */
export function accountOrError(outcome: LoginWaitOutcome): Account {
  switch (outcome.kind) {
    case 'done':
      return outcome.account;
    case 'failed':
      throw new Error(`the login did not succeed: ${outcome.reason}`);
    case 'expired':
      throw new Error('the login expired before it was finished: run the login again for a new code');
    case 'cancelled':
      throw new LoginCancelled();
  }
}

/** Ctrl-C during a login: nothing was saved. */
export class LoginCancelled extends Error {
  constructor() {
    super('login cancelled: nothing was saved');
    this.name = 'LoginCancelled';
  }
}

function requireRunner<T>(runner: T | undefined, module: ProviderModule, kind: string): T {
  if (!runner) throw new Error(`${module.displayName} declares no ${kind} login`);
  return runner;
}

function minutes(ms: number): string {
  const whole = Math.max(1, Math.round(ms / 60_000));
  return `${whole} minute${whole === 1 ? '' : 's'}`;
}

function deviceCodeText(module: ProviderModule, login: DeviceCodeLogin): string {
  return [
    `To log in to ${module.displayName}, open this page in any browser:`,
    '',
    `    ${login.verificationUrl}`,
    '',
    'and enter the code:',
    '',
    `    ${login.userCode}`,
    '',
    `The code is good for ${minutes(login.schedule.expiresInMs)}. Waiting for it to be used… (Ctrl-C cancels)`,
  ].join('\n');
}

function pageText(module: ProviderModule, login: PageLogin, opening: boolean): string {
  return [
    opening ? `Opening the ${module.displayName} login page in your browser. If it does not open, visit:` : `To log in to ${module.displayName}, open this page in a browser on this computer:`,
    '',
    `    ${login.url}`,
    '',
    `Waiting for the login to finish (up to ${minutes(login.schedule.expiresInMs)})… (Ctrl-C cancels)`,
  ].join('\n');
}
