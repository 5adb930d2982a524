import type { Account } from '../accounts/account-file.js';
import { createLogger } from '../log.js';
import { waitForLogin, type LoginWaitOutcome } from '../providers/poll-login.js';
import type { PolledLogin } from '../providers/provider-module.js';

const log = createLogger('http/waiting-login');

/** What GET /admin/accounts/login/:attemptId says of a login that runs in the server. */
export type WaitingLoginStatus =
  | { status: 'pending' }
  | { status: 'done'; account: Account }
  | { status: 'failed'; reason: string }
  | { status: 'expired' };

/**
 * A device-code or poll login the admin API started: it polls in the server (the shared waiter) until it is done,
 * refused, expired or cancelled, and keeps how it ended for the dashboard to read.
 */
export class WaitingLogin {
  private outcome: LoginWaitOutcome | null = null;
  private readonly controller = new AbortController();
  /** Settles when the login has ended (and a new account was loaded into the pool). */
  readonly ended: Promise<void>;

  constructor(
    login: PolledLogin,
    options: {
      /** The server's own bound of a login's life (the login's own expiry may come first). */
      lifeMs: number;
      /** Called with the account a login saved, before the status says done (the pool loads it). */
      onDone(account: Account): Promise<void>;
    },
  ) {
    this.ended = waitForLogin(login, { signal: this.controller.signal, lifeMs: options.lifeMs }).then(async (outcome) => {
      if (outcome.kind === 'done') {
        await options.onDone(outcome.account).catch((error: unknown) => log.warn({ problem: String(error) }, 'a login saved its account, but the pool could not reload'));
      }
      this.outcome = outcome;
    });
  }

  status(): WaitingLoginStatus {
    const outcome = this.outcome;
    if (outcome === null) return { status: 'pending' };
    switch (outcome.kind) {
      case 'done':
        return { status: 'done', account: outcome.account };
      case 'failed':
        return { status: 'failed', reason: outcome.reason };
      case 'expired':
        return { status: 'expired' };
      case 'cancelled':
        return { status: 'failed', reason: 'the login was cancelled' };
    }
  }

  /** Stops polling (a login that was deleted, dropped or outlived); a finished one is left as it ended. */
  cancel(): void {
    this.controller.abort();
  }
}
