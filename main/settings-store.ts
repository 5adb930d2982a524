/**
 * The desktop settings on disk: electron-store (atomic writes, the app's userData folder), read through
 * migrateSettings() so every value the app sees has passed the schema. Electron-facing; the logic is in
 * main/desktop-settings.ts.
 */
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { createLogger } from '../proxy/index.js';
import { migrateSettings, type DesktopSettings } from './desktop-settings.js';

const log = createLogger('main/settings');

export interface SettingsStore {
  read(): DesktopSettings;
  /** Applies a change and writes it; answers the settings as they are now. */
  update(change: (current: DesktopSettings) => DesktopSettings): DesktopSettings;
}

export function openSettingsStore(): SettingsStore {
  const store = openFile();
  const migrated = migrateSettings(store.store);
  let current = migrated.settings;
  // A file from a newer app is only read: writing it back in this layout would drop what the newer one keeps.
  const writable = !migrated.fromNewerVersion;
  if (migrated.fromNewerVersion) log.warn(`${store.path} comes from a newer Switchboard; changes made now are not saved`);
  else if (migrated.changed) store.store = current;

  return {
    read: () => current,
    update(change) {
      current = migrateSettings(change(current)).settings;
      if (writable) store.store = current;
      return current;
    },
  };
}

const FILE_NAME = 'settings';

/**
 * A file that is not JSON at all (a hand edit, a disk that lost the end of it) is set aside, not silently wiped,
 * and the app starts with defaults.
 */
function openFile(): Store<Record<string, unknown>> {
  setAsideIfUnreadable(join(app.getPath('userData'), `${FILE_NAME}.json`));
  return new Store<Record<string, unknown>>({ name: FILE_NAME, watch: false, clearInvalidConfig: true });
}

function setAsideIfUnreadable(path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return; // first run: no file yet
  }
  try {
    JSON.parse(text);
  } catch {
    const aside = `${path}.unreadable-${Date.now()}`;
    try {
      renameSync(path, aside);
      log.warn(`${path} is not valid JSON; kept it as ${aside} and started with default settings`);
    } catch (error) {
      log.warn(`${path} is not valid JSON and could not be set aside (${String(error)}); it is replaced with defaults`);
    }
  }
}
