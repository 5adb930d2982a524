/** Runs at most one operation per key at a time; callers that arrive meanwhile share its result. */
export class SingleFlight<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  run(key: K, operation: () => Promise<V>): Promise<V> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const promise = operation().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
