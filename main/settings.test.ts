import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFileSettings, nextPortMove, type PortMove } from './settings.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configFile(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-settings-'));
  dirs.push(dir);
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `host: 127.0.0.1\nport: ${port}\ndata-dir: ./data\n`);
  return path;
}

describe('configFileSettings', () => {
  it('reads the config file the headless server uses', async () => {
    const path = configFile(8317);
    const config = await configFileSettings(path).load();
    expect(config.port).toBe(8317);
    expect(config['data-dir']).toBe(join(path, '..', 'data'));
    expect(configFileSettings(path).howToChange('port')).toBe(`change "port:" in the settings file ${path}`);
  });

  it('uses the port the app moved to while the file still names the port it moved from', async () => {
    let move: PortMove | null = { from: 8317, to: 8318 };
    const settings = configFileSettings(configFile(8317), () => move);
    expect((await settings.load()).port).toBe(8318);
    move = null;
    expect((await settings.load()).port).toBe(8317);
  });

  it('lets a port changed in the file win over an old move', async () => {
    const settings = configFileSettings(configFile(9000), () => ({ from: 8317, to: 8318 }));
    expect((await settings.load()).port).toBe(9000);
  });
});

describe('nextPortMove', () => {
  it('records the file\'s port as where the move came from, across repeated moves', () => {
    expect(nextPortMove(null, 8317, 8318)).toEqual({ from: 8317, to: 8318 });
    expect(nextPortMove({ from: 8317, to: 8318 }, 8318, 8319)).toEqual({ from: 8317, to: 8319 });
    // The file's port changed meanwhile and is taken too: the move starts from the new one.
    expect(nextPortMove({ from: 8317, to: 8318 }, 9000, 9001)).toEqual({ from: 9000, to: 9001 });
    expect(nextPortMove({ from: 8317, to: 8318 }, 8318, 8317)).toBeNull();
  });
});
