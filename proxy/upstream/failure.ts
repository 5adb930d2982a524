/**
 * Every upstream answer that is not a success, in one of a few classes that decide what happens next
 * (ARCHITECTURE.md step 5). Providers classify their own answers; the pool acts on the class.
 */
export type FailureClass =
  /** A usage window is used up: cool down until it resets, try another account. */
  | 'rate_limit'
  /** The plan's quota is exhausted (longer than a window): cool down, try another account. */
  | 'quota_exhausted'
  /** The token was refused: refresh once, then the account needs a new login. */
  | 'auth'
  /** The provider is busy: a short cooldown, try another account. */
  | 'overloaded'
  /** The request itself is wrong: every account would fail the same way; answer the client. */
  | 'bad_request'
  /** The account may not do this (scope, entitlement, billing): answer the client, do not rotate blindly. */
  | 'permission'
  /** The provider could not be reached or broke off: back off, try another account. */
  | 'network'
  /** An error event inside a stream that had started with 200. */
  | 'stream_error';

export interface Failure {
  class: FailureClass;
  /** When the provider says the account can be used again (its own reset time), if it says. */
  retryAt: Date | null;
  /** In plain words, e.g. "5-hour limit" or "Anthropic is overloaded". */
  reason: string;
}

/** Classes after which another account may succeed where this one failed. */
export function shouldFailOver(failure: Failure): boolean {
  return failure.class === 'rate_limit' || failure.class === 'quota_exhausted' || failure.class === 'overloaded' || failure.class === 'network';
}

/**
 * Whether the failure says something about the account. The upstream refusing the request itself (invalid,
 * unknown model, too large) does not: every account would answer it the same way, so it is the client's error
 * alone and leaves the account's state — its errors, its failures in a row (which lengthen its next cooldown) —
 * as it was.
 */
export function countsAgainstAccount(failure: Failure): boolean {
  return failure.class !== 'bad_request';
}
