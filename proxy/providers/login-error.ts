/**
 * What the person can do after a login step failed:
 * - `paste-again`: the same login can still be finished (a malformed or foreign paste, or a token endpoint that
 *   could not answer: the code was not spent);
 * - `start-again`: the login is over and a new one, with a fresh link, is needed (the provider refused the code:
 *   it works once, for a few minutes).
 */
export type LoginRecovery = 'paste-again' | 'start-again';

/** A login that cannot go on as it is; the message says what happened and what to do. */
export class LoginError extends Error {
  readonly recovery: LoginRecovery;

  constructor(message: string, options: { cause?: unknown; recovery?: LoginRecovery } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoginError';
    this.recovery = options.recovery ?? 'start-again';
  }
}
