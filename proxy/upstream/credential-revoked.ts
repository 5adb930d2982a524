/**
 * The upstream said, on a call that is not a model request (its model list, its usage), that the login behind the
 * credential has ended — revoked or invalidated, not merely expired — so refreshing cannot help: only a new login
 * brings the account back. The account pool marks the account so (accounts/account-pool.ts, withCredentials).
 */
export class CredentialRevokedError extends Error {
  constructor(
    /** Why, in words a person understands. */
    readonly reason: string,
  ) {
    super(`the upstream ended this login: ${reason}`);
    this.name = 'CredentialRevokedError';
  }
}
