/**
 * A module stack imported the first time something needs it rather than at start, so that its weight in memory is
 * paid only by the people who use it (ARCHITECTURE.md "Boundaries": a provider's heavy transport, say). Every caller
 * awaits the same import; one that failed is tried again on the next use, and fails as a StackLoadError.
 */
export function loadedOnFirstUse<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw new StackLoadError(what, error);
    });
    return loading;
  };
}

/** A stack that could not be loaded: Switchboard's own fault (a broken install), not the client's nor the upstream's. */
export class StackLoadError extends Error {
  constructor(what: string, cause: unknown) {
    super(`Switchboard could not load ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StackLoadError';
  }
}
