import { randomBytes } from 'node:crypto';

/** How long a started dashboard login can be finished. */
export const LOGIN_ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** At most this many logins wait at once; starting another drops the oldest. */
export const MAX_PENDING_LOGINS = 20;

/**
 * Logins started from the dashboard, waiting for the person (to paste their code, or to enter a device code): in
 * memory only, each under a random id for LOGIN_ATTEMPT_TTL_MS. A login stays here until it is over, so a wrong
 * paste can be tried again. `onDrop` hears of every login that leaves by expiry or by the bound, so one that runs
 * in the background is stopped with it.
 */
export class PendingLogins<T> {
  private readonly pending = new Map<string, { login: T; expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly onDrop: (login: T) => void = () => {},
  ) {}

  add(login: T): { id: string; expiresAt: number } {
    this.prune();
    const id = randomBytes(16).toString('hex');
    const expiresAt = this.now() + LOGIN_ATTEMPT_TTL_MS;
    this.pending.set(id, { login, expiresAt });
    return { id, expiresAt };
  }

  /** The login waiting under this id, or undefined when there is none or it has expired. */
  get(id: string): T | undefined {
    const entry = this.pending.get(id);
    if (entry && entry.expiresAt > this.now()) return entry.login;
    if (entry) this.drop(id, entry.login);
    return undefined;
  }

  /** Forgets a login that is over (or was cancelled by its caller): it is not dropped. */
  delete(id: string): void {
    this.pending.delete(id);
  }

  private drop(id: string, login: T): void {
    this.pending.delete(id);
    this.onDrop(login);
  }

  private prune(): void {
    const at = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= at) this.drop(id, entry.login);
    // Map keeps insertion order: the oldest go first.
    while (this.pending.size >= MAX_PENDING_LOGINS) {
      const oldest = this.pending.entries().next().value;
      if (oldest === undefined) break;
      this.drop(oldest[0], oldest[1].login);
    }
  }
}
