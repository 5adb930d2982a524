import type { QuotaCredits, QuotaSnapshot, QuotaWindow } from './quota.js';

/** What the tracker knows about an account's usage windows, and why the last usage-endpoint read failed. */
export interface TrackedQuota extends QuotaSnapshot {
  /** The error of the last usage-endpoint read; null after a success or when none was tried. */
  lastError: string | null;
}

export type QuotaFetcher = () => Promise<QuotaSnapshot>;

export interface PolledAccount {
  id: string;
  fetcher: QuotaFetcher;
}

export interface QuotaTrackerOptions {
  /** A usage endpoint is read at most this often per account unless a refresh is forced. */
  minIntervalMs?: number;
  now?: () => number;
}

const DEFAULT_MIN_INTERVAL_MS = 5 * 60 * 1000;
/** Timers can fire a little early; a poll that early still counts as on time. */
const TIMER_SLACK_MS = 1000;

interface Observation {
  window: QuotaWindow;
  observedAt: number;
  source: QuotaSnapshot['source'];
}

interface AccountQuota {
  /** By window name: the most recent observation of each window, whichever source it came from. */
  windows: Map<string, Observation>;
  /** The latest credits reported, and when. */
  credits: { credits: QuotaCredits; observedAt: number } | null;
  /** When the usage endpoint was last asked (success or not): the polling interval counts from here. */
  lastReadAt: number | null;
  lastError: string | null;
}

/**
 * The latest usage windows per account, from response headers (recorded as they pass) and from usage
 * endpoints (read gently: at most every `minIntervalMs`, one read per account at a time). Provider-independent.
 */
export class QuotaTracker {
  private readonly accounts = new Map<string, AccountQuota>();
  private readonly reads = new Map<string, Promise<TrackedQuota | undefined>>();
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(options: QuotaTrackerOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Merges a snapshot in: per window name, the later observation wins (headers and endpoint alike). */
  record(accountId: string, snapshot: QuotaSnapshot): void {
    const state = this.stateOf(accountId);
    const parsed = Date.parse(snapshot.observedAt);
    const observedAt = Number.isFinite(parsed) ? parsed : this.now();
    for (const window of snapshot.windows) {
      const known = state.windows.get(window.name);
      if (!known || known.observedAt <= observedAt) state.windows.set(window.name, { window, observedAt, source: snapshot.source });
    }
    if (snapshot.credits && (!state.credits || state.credits.observedAt <= observedAt)) state.credits = { credits: snapshot.credits, observedAt };
  }

  /**
   * The merged windows; `source` and `observedAt` are those of the newest observation. After only failed
   * reads it has no windows, the time of the last attempt and the error. Undefined when nothing is known.
   */
  get(accountId: string): TrackedQuota | undefined {
    const state = this.accounts.get(accountId);
    if (!state) return undefined;
    const observations = [...state.windows.values()];
    const newest = observations.reduce<Observation | undefined>((best, next) => (!best || next.observedAt > best.observedAt ? next : best), undefined);
    if (!newest && state.lastError === null) return undefined;
    return {
      windows: observations.map((observation) => observation.window),
      source: newest?.source ?? 'usage-endpoint',
      observedAt: new Date(newest?.observedAt ?? state.lastReadAt ?? this.now()).toISOString(),
      ...(state.credits ? { credits: state.credits.credits } : {}),
      lastError: state.lastError,
    };
  }

  /** Forgets why the last usage-endpoint read failed (the account has a new login); the windows stay. */
  forgetError(accountId: string): void {
    const state = this.accounts.get(accountId);
    if (state) state.lastError = null;
  }

  /** Drops what is known about an account (it was removed). */
  forget(accountId: string): void {
    this.accounts.delete(accountId);
  }

  /**
   * Reads the usage endpoint through `fetcher` when forced or when the last read is `minIntervalMs` old;
   * callers meanwhile share one read. Never throws: a failure is kept as `lastError` and the windows known
   * before are returned.
   */
  refresh(accountId: string, fetcher: QuotaFetcher, options: { force?: boolean } = {}): Promise<TrackedQuota | undefined> {
    const running = this.reads.get(accountId);
    if (running) return running;
    if (!options.force && this.msSinceRead(accountId) < this.minIntervalMs) return Promise.resolve(this.get(accountId));
    const read = this.read(accountId, fetcher).finally(() => this.reads.delete(accountId));
    this.reads.set(accountId, read);
    return read;
  }

  /**
   * Reads each account's usage endpoint at most every `intervalMs`, one account per tick, ticks spread over
   * the interval so the reads never come in a burst. Timers are unref'd: they never keep the process alive.
   */
  startBackgroundPolling(accounts: () => PolledAccount[], intervalMs: number): () => void {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const list = (): PolledAccount[] => {
      try {
        return accounts();
      } catch {
        return [];
      }
    };
    const schedule = (count: number) => {
      if (stopped) return;
      timer = setTimeout(tick, Math.ceil(intervalMs / Math.max(1, count)));
      timer.unref();
    };
    const tick = () => {
      const current = list();
      const stalest = current.reduce<PolledAccount | undefined>((best, next) => (!best || this.msSinceRead(next.id) > this.msSinceRead(best.id) ? next : best), undefined);
      if (stalest && this.msSinceRead(stalest.id) >= intervalMs - TIMER_SLACK_MS) void this.refresh(stalest.id, stalest.fetcher);
      schedule(current.length);
    };
    schedule(list().length);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  private async read(accountId: string, fetcher: QuotaFetcher): Promise<TrackedQuota | undefined> {
    const state = this.stateOf(accountId);
    state.lastReadAt = this.now();
    try {
      const snapshot = await fetcher();
      if (this.accounts.get(accountId) !== state) return undefined; // forgotten meanwhile
      this.record(accountId, snapshot);
      state.lastError = null;
    } catch (error) {
      state.lastError = error instanceof Error ? error.message : String(error);
    }
    return this.get(accountId);
  }

  private msSinceRead(accountId: string): number {
    const lastReadAt = this.accounts.get(accountId)?.lastReadAt ?? null;
    return lastReadAt === null ? Number.POSITIVE_INFINITY : this.now() - lastReadAt;
  }

  private stateOf(accountId: string): AccountQuota {
    let state = this.accounts.get(accountId);
    if (!state) {
      state = { windows: new Map(), credits: null, lastReadAt: null, lastError: null };
      this.accounts.set(accountId, state);
    }
    return state;
  }
}
