/**
 * Where the desktop app gets the proxy's settings. For now the same per-OS YAML file the headless server uses
 * (~/.config/switchboard/config.yaml, ~/Library/Application Support/switchboard/config.yaml,
 * %APPDATA%\switchboard\config.yaml), so the app and `switchboard serve` agree. A later electron-store backed
 * source replaces this one by implementing the same interface; nothing else in main/ changes.
 */
import { resolve } from 'node:path';
import { loadConfigFile, defaultConfigPath, type Config } from '../proxy/index.js';

export interface LoadedSettings {
  config: Config;
  /** True when the settings were just created with defaults (first run). */
  created: boolean;
}

export interface SettingsSource {
  /** Reads and validates the settings; throws ConfigError (with the fix in words) when they are invalid. */
  load(): Promise<LoadedSettings>;
  /** Tells the owner how to change one setting, e.g. `change "port" in the settings file /…/config.yaml`. */
  howToChange(key: string): string;
}

/** Settings from the YAML config file: `path`, or the per-OS default (created with defaults on first run). */
export function configFileSettings(path?: string): SettingsSource {
  const location = (): string => (path ? resolve(path) : defaultConfigPath());
  return {
    load: async () => loadConfigFile(path),
    howToChange: (key) => `change "${key}:" in the settings file ${location()}`,
  };
}
