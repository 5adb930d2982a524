/**
 * A running server and its config file: when the file changes (or POST /admin/reload asks), it is read and
 * validated again, and every changed setting either takes effect at once or is named in a warning that a restart
 * is needed. Which is which is decided in one place: the parts of the server that can take a setting while
 * running register for it (`onChange`); every other changed setting keeps its running value until a restart.
 * A file that no longer validates changes nothing and says why.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createLogger } from '../log.js';
import type { Config } from './load.js';

const log = createLogger('config');

/** A setting's place in the config, e.g. ["usage", "retention-days"]; shown joined with dots. */
type SettingPath = readonly string[];

export interface ReloadResult {
  /** Settings that changed in the file and are in effect now. */
  applied: string[];
  /** Settings that changed in the file but take effect only when Switchboard restarts. */
  restartNeeded: string[];
  /** Why the file was not taken (it does not parse or validate); the running settings stay as they were. */
  problem: string | null;
}

interface Listener {
  setting: SettingPath;
  apply: (config: Config) => void;
}

export class ConfigReloader {
  private running: Config;
  private readonly listeners = new Set<Listener>();

  /** `load` reads the file again exactly as at start (the same path, the same command-line overrides). */
  constructor(
    initial: Config,
    private readonly load: () => Config | Promise<Config>,
  ) {
    this.running = initial;
  }

  /** The settings in effect: the file's, except those that wait for a restart. */
  get current(): Config {
    return this.running;
  }

  /**
   * Registers a part of the running server that takes `setting` (a key such as "api-keys", or a section such as
   * "pricing") without a restart: `apply` gets the settings in effect after each change to it. Returns a function
   * that unregisters it.
   */
  onChange(setting: string, apply: (config: Config) => void): () => void {
    const listener: Listener = { setting: setting.split('.'), apply };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the file again and applies what changed (see the file's comment). */
  async reload(): Promise<ReloadResult> {
    let next: Config;
    try {
      next = await this.load();
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      log.error({ problem }, 'the config file changed but was not taken: Switchboard keeps running with the settings it had');
      return { applied: [], restartNeeded: [], problem };
    }
    const changed = changedSettings(this.running, next);
    const live = changed.filter((path) => [...this.listeners].some((listener) => covers(listener.setting, path)));
    const waiting = changed.filter((path) => !live.includes(path));

    this.running = withSettings(this.running, next, live);
    for (const listener of this.listeners) if (live.some((path) => covers(listener.setting, path))) listener.apply(this.running);

    const applied = live.map(display);
    const restartNeeded = waiting.map(display);
    if (applied.length > 0) log.info({ settings: applied }, `config file reloaded: ${applied.join(', ')} in effect now`);
    if (restartNeeded.length > 0) {
      log.warn({ settings: restartNeeded }, `config file changed ${restartNeeded.join(', ')}: restart Switchboard to apply ${restartNeeded.length === 1 ? 'it' : 'them'} (it keeps the running values until then)`);
    }
    return { applied, restartNeeded, problem: null };
  }

  /**
   * Reloads shortly after the file at `path` changes, once per burst of changes. The folder is watched, so a file
   * that an editor replaces (write a copy, rename it over) is followed too. Returns a function that stops watching.
   */
  watch(path: string, debounceMs = 200): () => void {
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher;
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        if (file !== null && String(file) !== basename(path)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void this.reload(), debounceMs);
      });
    } catch (error) {
      log.warn({ path, problem: String(error) }, 'cannot watch the config file: restart Switchboard (or POST /admin/reload) after changing it');
      return () => {};
    }
    watcher.on('error', (error) => log.warn({ path, problem: String(error) }, 'watching the config file failed'));
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }
}

/** Whether a listener for `setting` covers the changed `path` (the setting itself, or anything inside it). */
function covers(setting: SettingPath, path: SettingPath): boolean {
  return setting.length <= path.length && setting.every((part, index) => part === path[index]);
}

function display(path: SettingPath): string {
  return path.join('.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The settings whose values differ, as deep as objects go (a list is one value). configPath is no setting. */
export function changedSettings(before: Config, after: Config): SettingPath[] {
  const changed: SettingPath[] = [];
  const compare = (a: unknown, b: unknown, path: string[]) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (path.length === 0 && key === 'configPath') continue;
        compare(a[key], b[key], [...path, key]);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changed.push(path);
    }
  };
  compare(before, after, []);
  return changed;
}

/** `base` with the values at `paths` taken from `source` (a value missing there is removed). */
function withSettings(base: Config, source: Config, paths: readonly SettingPath[]): Config {
  const result = structuredClone(base);
  for (const path of paths) {
    let into: Record<string, unknown> = result;
    let from: unknown = source;
    for (const part of path.slice(0, -1)) {
      if (!isPlainObject(into[part])) into[part] = {};
      into = into[part] as Record<string, unknown>;
      from = isPlainObject(from) ? from[part] : undefined;
    }
    const last = path[path.length - 1] ?? '';
    const value = isPlainObject(from) ? from[last] : undefined;
    if (value === undefined) delete into[last];
    else into[last] = structuredClone(value);
  }
  return result;
}
