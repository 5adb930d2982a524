import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SETTINGS_VERSION, migrateSettings, runMigrations, type DesktopSettings } from './desktop-settings.js';

/** What a first run starts with: the schema's defaults, written out as the expectation. */
const DEFAULT_SETTINGS: DesktopSettings = {
  version: SETTINGS_VERSION,
  proxy: { portMove: null, startOnLaunch: true },
  notifications: { enabled: true, sent: {} },
  welcomed: false,
};

describe('migrateSettings', () => {
  it('creates the defaults on first run (no file, an empty one, or garbage)', () => {
    for (const stored of [undefined, {}, null, 'text', [1, 2]]) {
      const result = migrateSettings(stored);
      expect(result.settings).toEqual(DEFAULT_SETTINGS);
      expect(result.changed).toBe(true);
      expect(result.fromNewerVersion).toBe(false);
    }
  });

  it('leaves current settings alone and says there is nothing to write', () => {
    const stored = { ...DEFAULT_SETTINGS, proxy: { portMove: { from: 8317, to: 8318 }, startOnLaunch: false }, welcomed: true };
    const result = migrateSettings(structuredClone(stored));
    expect(result.settings).toEqual(stored);
    expect(result.changed).toBe(false);
  });

  it('brings an unversioned file up to date, keeping the values that fit', () => {
    const result = migrateSettings({ proxy: { portMove: { from: 8317, to: 9000 } }, notifications: { enabled: false }, stray: 1 });
    expect(result.settings).toEqual({
      version: SETTINGS_VERSION,
      proxy: { portMove: { from: 8317, to: 9000 }, startOnLaunch: true },
      notifications: { enabled: false, sent: {} },
      welcomed: false,
    });
    expect(result.settings).not.toHaveProperty('stray');
    expect(result.changed).toBe(true);
  });

  it('replaces only the values that are invalid', () => {
    const result = migrateSettings({
      version: SETTINGS_VERSION,
      proxy: { portMove: { from: 8317, to: 70000 }, startOnLaunch: 'yes' },
      notifications: { enabled: true, sent: { 'quota:a:five_hour': 1_700_000_000_000, bad: -1 } },
      welcomed: true,
    });
    expect(result.settings.proxy).toEqual({ portMove: null, startOnLaunch: true });
    // A record with one bad entry is dropped as a whole: it only means one notification may repeat.
    expect(result.settings.notifications).toEqual({ enabled: true, sent: {} });
    expect(result.settings.welcomed).toBe(true);
  });

  it('reads a file from a newer app without planning to overwrite it', () => {
    const result = migrateSettings({ version: SETTINGS_VERSION + 3, proxy: { portMove: { from: 1, to: 8500 }, startOnLaunch: false }, future: { x: 1 } });
    expect(result.fromNewerVersion).toBe(true);
    expect(result.changed).toBe(false);
    expect(result.settings.proxy).toEqual({ portMove: { from: 1, to: 8500 }, startOnLaunch: false });
  });

  it('has exactly one migration per version', () => {
    expect(MIGRATIONS).toHaveLength(SETTINGS_VERSION);
  });
});

describe('runMigrations', () => {
  const steps = [
    (raw: Record<string, unknown>) => ({ ...raw, trail: [...((raw.trail as string[]) ?? []), 'to 1'] }),
    (raw: Record<string, unknown>) => ({ ...raw, trail: [...((raw.trail as string[]) ?? []), 'to 2'] }),
    (raw: Record<string, unknown>) => ({ ...raw, trail: [...((raw.trail as string[]) ?? []), 'to 3'] }),
  ];

  it('runs each later step once, in order, from the stored version', () => {
    expect(runMigrations({}, steps)).toEqual({ raw: { trail: ['to 1', 'to 2', 'to 3'], version: 3 }, newer: false });
    expect(runMigrations({ version: 1 }, steps)).toEqual({ raw: { trail: ['to 2', 'to 3'], version: 3 }, newer: false });
    expect(runMigrations({ version: 3, trail: [] }, steps)).toEqual({ raw: { trail: [], version: 3 }, newer: false });
  });

  it('treats a missing or nonsensical version as 0 and a later one as newer', () => {
    expect(runMigrations({ version: 'one' }, steps).raw.trail).toEqual(['to 1', 'to 2', 'to 3']);
    expect(runMigrations({ version: -2 }, steps).raw.trail).toEqual(['to 1', 'to 2', 'to 3']);
    expect(runMigrations({ version: 4 }, steps)).toEqual({ raw: { version: 4 }, newer: true });
  });
});
