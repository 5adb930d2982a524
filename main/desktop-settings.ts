/**
 * The desktop app's own settings (electron-store, `settings.json` in the app's userData folder): a zod schema for
 * every key, and migrate() from any earlier layout. The proxy's settings stay in the config file it shares with
 * `switchboard serve`; only what the app decides for itself lives here, e.g. the port it moved to after "port in
 * use". Pure (no electron import), so the migration is unit-tested.
 */
import { z } from 'zod';

type Raw = Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a layout of version n into version n + 1. The list is the only record of versions: the
 * version number is the index, never a hand-copied name.
 */
export const MIGRATIONS: readonly ((raw: Raw) => Raw)[] = [
  // 0 → 1: the first versioned layout. A file without a version (or an empty one) keeps what fits the schema;
  // anything else is dropped by the parse that follows.
  (raw) => ({ ...raw, version: 1 }),
];

/** The current layout's version: one more entry in MIGRATIONS is how it goes up. */
export const SETTINGS_VERSION = MIGRATIONS.length;

const port = z.number().int().min(0).max(65535);

// Every key has a `.catch()`: one bad value falls back to its default instead of losing the whole file.
const proxySettings = z
  .object({
    /**
     * The app moved the proxy off a port that was in use: `to` is used while the config file still says `from`
     * (so a port changed in the file later wins again). Null: the file's port.
     */
    portMove: z.object({ from: port, to: port }).nullable().catch(null),
    /** Start the proxy when the app starts. */
    startOnLaunch: z.boolean().catch(true),
  })
  .catch({ portMove: null, startOnLaunch: true });

const notificationSettings = z
  .object({
    enabled: z.boolean().catch(true),
    /**
     * What was already announced, so the same thing is not announced again: notification key → until when (ms
     * epoch; 0 = until the condition ends). See main/notification-rules.ts.
     */
    sent: z.record(z.string().max(300), z.number().int().min(0)).catch({}),
  })
  .catch({ enabled: true, sent: {} });

export const desktopSettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  proxy: proxySettings,
  notifications: notificationSettings,
  /** False until the dashboard was shown once: the very first start always opens it. */
  welcomed: z.boolean().catch(false),
});

export type DesktopSettings = z.output<typeof desktopSettingsSchema>;

export interface MigrationResult {
  settings: DesktopSettings;
  /** The stored data differs from `settings` and should be written back. */
  changed: boolean;
  /** The file comes from a newer app: read what fits, but never write it back (a downgrade would lose data). */
  fromNewerVersion: boolean;
}

/** Brings stored settings (whatever they are) up to the current layout, filling defaults. */
export function migrateSettings(stored: unknown): MigrationResult {
  const { raw, newer } = runMigrations(stored, MIGRATIONS);
  const settings = desktopSettingsSchema.parse({ ...raw, version: SETTINGS_VERSION });
  return { settings, changed: !newer && JSON.stringify(settings) !== JSON.stringify(stored), fromNewerVersion: newer };
}

/** Applies the migrations from the stored version on; `newer` when the data is past the last one. */
export function runMigrations(stored: unknown, migrations: readonly ((raw: Raw) => Raw)[]): { raw: Raw; newer: boolean } {
  let raw: Raw = isRecord(stored) ? { ...stored } : {};
  const from = versionOf(raw);
  if (from > migrations.length) return { raw, newer: true };
  for (let version = from; version < migrations.length; version++) raw = migrations[version]!(raw);
  return { raw: { ...raw, version: migrations.length }, newer: false };
}

function versionOf(raw: Raw): number {
  const version = raw.version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
