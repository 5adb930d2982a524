import { createLogger } from '../log.js';
import type { ListedModel } from './listed-model.js';
import type { ModelDirectory } from './model-directory.js';

const log = createLogger('models');

/** One provider's directory and the accounts whose lists feed it (the usable ones). */
export interface RefreshGroup {
  directory: ModelDirectory;
  accounts: { id: string; read: () => Promise<ListedModel[]> }[];
}

export interface ModelRefresh {
  /** Reads every list older than the interval (or never read) now; resolves when all are done. */
  refreshStale(): Promise<void>;
  stop(): void;
}

/**
 * Keeps each provider's live model lists current: reads an account's list when it has none or it is older than
 * `intervalMs`, at start, on `refreshStale()` (a new login) and on a timer. A list that cannot be read leaves the
 * last one (or the built-in list) in place; the failure is logged once per account until it reads again.
 */
export function startModelRefresh(groups: () => RefreshGroup[], options: { intervalMs: number; now?: () => number }): ModelRefresh {
  const now = options.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const failing = new Set<string>();

  const readOne = (directory: ModelDirectory, account: RefreshGroup['accounts'][number]): Promise<void> => {
    const inFlight = running.get(account.id);
    if (inFlight) return inFlight;
    const task = account
      .read()
      .then((models) => {
        directory.learn(account.id, models, now());
        if (failing.delete(account.id)) log.info({ account: account.id, models: models.length }, 'model list read again');
      })
      .catch((error: unknown) => {
        if (failing.has(account.id)) return;
        failing.add(account.id);
        log.warn({ account: account.id, problem: error instanceof Error ? error.message : String(error) }, 'could not read the model list; using the last one known');
      })
      .finally(() => running.delete(account.id));
    running.set(account.id, task);
    return task;
  };

  const refreshStale = async (): Promise<void> => {
    const tasks: Promise<void>[] = [];
    for (const { directory, accounts } of groups()) {
      directory.retainOnly(accounts.map((account) => account.id));
      for (const account of accounts) {
        const readAt = directory.readAtOf(account.id);
        if (readAt === null || now() - readAt >= options.intervalMs) tasks.push(readOne(directory, account));
      }
    }
    await Promise.all(tasks);
  };

  void refreshStale();
  // Checked more often than the interval, so a list that failed to read is tried again within minutes.
  const timer = setInterval(() => void refreshStale(), Math.min(options.intervalMs, 10 * 60 * 1000));
  timer.unref();
  return { refreshStale, stop: () => clearInterval(timer) };
}
