/** What IdleTimer.race answers when the timer fired first. */
export const IDLE: unique symbol = Symbol('idle');

/**
 * The silence allowed between two chunks of a stream, kept by one timer for the whole stream: each chunk refreshes
 * it rather than clearing one timer and creating the next. `race` waits for one read or for the timer, whichever
 * comes first, and leaves nothing behind on a long-lived promise (racing every read against one "expired" promise
 * would hang one reaction per chunk on it until the stream ends).
 */
export class IdleTimer {
  private readonly timer: NodeJS.Timeout;
  private fired = false;
  private wake: ((value: typeof IDLE) => void) | null = null;

  /** `onIdle` runs when the timer fires: a reader can be cancelled there, and a pending read then ends at once. */
  constructor(
    readonly ms: number,
    private readonly onIdle: () => void = () => {},
  ) {
    this.timer = setTimeout(() => this.expire(), ms);
  }

  /** Whether the silence has lasted `ms` since the last restart. */
  get expired(): boolean {
    return this.fired;
  }

  /** Counts the silence from now again. */
  restart(): void {
    this.fired = false;
    this.timer.refresh();
  }

  /** The read's outcome, or IDLE when the timer fires first — or has fired since the last restart. */
  race<T>(read: Promise<T>): Promise<T | typeof IDLE> {
    if (this.fired) {
      read.catch(() => {}); // abandoned: whoever owns the source cancels it
      return Promise.resolve(IDLE);
    }
    return new Promise<T | typeof IDLE>((resolve, reject) => {
      this.wake = resolve;
      read.then(
        (value) => {
          this.wake = null;
          resolve(value);
        },
        (error: unknown) => {
          this.wake = null;
          reject(error);
        },
      );
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.wake = null;
  }

  private expire(): void {
    this.fired = true;
    const wake = this.wake;
    this.wake = null;
    wake?.(IDLE);
    this.onIdle();
  }
}
