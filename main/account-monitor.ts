/**
 * Keeps the accounts' state fresh while the proxy runs: reads it at once when the proxy comes up (or on
 * request, e.g. after a login), then every 30 s; forgets it when the proxy stops. The tray and the notifications
 * listen. Timers and I/O come in as parameters, so it is tested without a server.
 */
import { fetchAccountStatus, type AccountStatus } from './account-status.js';

export const ACCOUNT_POLL_INTERVAL_MS = 30_000;

export interface AccountMonitorDeps {
  fetch: typeof fetch;
  /** The owner key as it is now (read again each time: the dashboard can rotate it). */
  apiKey(): Promise<string | null>;
  intervalMs?: number;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (timer: unknown) => void;
  onError?: (message: string) => void;
}

export interface AccountMonitor {
  /** The last known accounts; null while the proxy is not running or before the first read. */
  current(): AccountStatus[] | null;
  /** The proxy's base URL while it runs, null when it does not. */
  setProxyUrl(url: string | null): void;
  /** Reads now (a login just ended, say). Resolves when the read is over; never rejects. */
  refresh(): Promise<void>;
  onChange(listener: (accounts: AccountStatus[] | null) => void): () => void;
  dispose(): void;
}

export function createAccountMonitor(deps: AccountMonitorDeps): AccountMonitor {
  const intervalMs = deps.intervalMs ?? ACCOUNT_POLL_INTERVAL_MS;
  const startTimer = deps.setInterval ?? ((run, ms) => setInterval(run, ms).unref());
  const stopTimer = deps.clearInterval ?? ((timer) => clearInterval(timer as NodeJS.Timeout));
  const listeners = new Set<(accounts: AccountStatus[] | null) => void>();
  let url: string | null = null;
  let accounts: AccountStatus[] | null = null;
  let timer: unknown = null;
  let reading: { url: string | null; done: Promise<void> } | null = null;
  let lastError: string | null = null;

  const publish = (next: AccountStatus[] | null): void => {
    if (JSON.stringify(next) === JSON.stringify(accounts)) return;
    accounts = next;
    for (const listener of listeners) listener(next);
  };

  const read = async (): Promise<void> => {
    const from = url;
    if (from === null) return;
    try {
      const key = await deps.apiKey();
      if (key === null) return;
      const fresh = await fetchAccountStatus(from, key, deps.fetch);
      if (url !== from) return; // the proxy stopped or moved while we asked
      lastError = null;
      publish(fresh);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Reported once per distinct problem, not every 30 s; the last known state stays.
      if (message !== lastError) deps.onError?.(message);
      lastError = message;
    }
  };

  // One read at a time per address; a read for an address that is no longer current is left to drop its result.
  const refresh = (): Promise<void> => {
    if (reading && reading.url === url) return reading.done;
    const entry = {
      url,
      done: read().finally(() => {
        if (reading === entry) reading = null;
      }),
    };
    reading = entry;
    return entry.done;
  };

  const stopPolling = (): void => {
    if (timer !== null) stopTimer(timer);
    timer = null;
  };

  return {
    current: () => accounts,
    setProxyUrl(next) {
      if (next === url) return;
      url = next;
      stopPolling();
      lastError = null;
      if (next === null) {
        publish(null);
        return;
      }
      timer = startTimer(() => void refresh(), intervalMs);
      void refresh();
    },
    refresh,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      stopPolling();
      listeners.clear();
      url = null;
    },
  };
}
