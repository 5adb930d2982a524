/**
 * Where the desktop app gets the proxy's settings: the same per-OS YAML file the headless server uses
 * (~/.config/switchboard/config.yaml, ~/Library/Application Support/switchboard/config.yaml,
 * %APPDATA%\switchboard\config.yaml), so the app and `switchboard serve` agree on accounts, keys and limits —
 * with the app's own port move on top (main/desktop-settings.ts `proxy.portMove`).
 */
import { resolve } from 'node:path';
import { loadConfigFile, defaultConfigPath, type Config } from '../proxy/index.js';
import type { DesktopSettings } from './desktop-settings.js';

export interface SettingsSource {
  /** Reads and validates the settings; throws ConfigError (with the fix in words) when they are invalid. */
  load(): Promise<Config>;
  /** Tells the owner how to change one setting, e.g. `change "port:" in the settings file /…/config.yaml`. */
  howToChange(key: string): string;
}

/** The port the app moved to after "port in use", as the desktop settings keep it. */
export type PortMove = NonNullable<DesktopSettings['proxy']['portMove']>;

/** The config file's port, unless the app moved off exactly that port (a port changed in the file wins again). */
export function applyPortMove(config: Config, move: PortMove | null): Config {
  return move && move.from === config.port ? { ...config, port: move.to } : config;
}

/** Settings from the YAML config file (`path`, or the per-OS default, created with defaults on first run). */
export function configFileSettings(path?: string, portMove: () => PortMove | null = () => null): SettingsSource {
  const location = (): string => (path ? resolve(path) : defaultConfigPath());
  return {
    load: async () => applyPortMove(loadConfigFile(path).config, portMove()),
    howToChange: (key) => `change "${key}:" in the settings file ${location()}`,
  };
}

/**
 * The move to record after the proxy found `taken` in use and moves to `to`. Moving again from a port the app
 * had already moved to keeps the file's port as `from`; moving back to the file's own port is no move.
 */
export function nextPortMove(previous: PortMove | null, taken: number, to: number): PortMove | null {
  const from = previous && previous.to === taken ? previous.from : taken;
  return from === to ? null : { from, to };
}
