import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartDir, autostartEntry, autostartFile, quoteExecArgument } from './autostart-entry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-autostart-'));
  dirs.push(dir);
  return join(dir, 'autostart');
}

describe('autostartDir', () => {
  it('follows XDG_CONFIG_HOME when it is an absolute path', () => {
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: '/home/me/cfg' }, '/home/me')).toBe('/home/me/cfg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart');
  });
});

describe('quoteExecArgument', () => {
  it('quotes paths with spaces and escapes what the Exec key reserves', () => {
    expect(quoteExecArgument('/opt/Switchboard/switchboard')).toBe('"/opt/Switchboard/switchboard"');
    expect(quoteExecArgument('/home/me/My Apps/Switchboard.AppImage')).toBe('"/home/me/My Apps/Switchboard.AppImage"');
    // `$` → `\$` inside the quotes, then the backslash doubled for the string-value unescaping.
    expect(quoteExecArgument('/tmp/$x"y')).toBe('"/tmp/\\\\$x\\\\"y"');
    expect(quoteExecArgument('/tmp/100%')).toBe('"/tmp/100%%"');
  });
});

describe('autostartFile', () => {
  it('writes an entry that starts the app hidden, and removes it again', async () => {
    const dir = tempDir();
    const file = autostartFile(dir, '/home/me/Apps/Switchboard-0.1.0.AppImage');
    expect(await file.isEnabled()).toBe(false);

    await file.setEnabled(true);
    expect(await file.isEnabled()).toBe(true);
    const text = readFileSync(join(dir, AUTOSTART_FILE), 'utf8');
    expect(text).toBe(autostartEntry('/home/me/Apps/Switchboard-0.1.0.AppImage'));
    expect(text).toContain('Exec="/home/me/Apps/Switchboard-0.1.0.AppImage" --hidden\n');
    expect(text.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);

    await file.setEnabled(false);
    expect(existsSync(join(dir, AUTOSTART_FILE))).toBe(false);
    expect(await file.isEnabled()).toBe(false);
    await file.setEnabled(false); // already off: no error
  });

  it('counts an entry the desktop turned off as off', async () => {
    const dir = tempDir();
    const file = autostartFile(dir, '/usr/bin/switchboard');
    await file.setEnabled(true);
    writeFileSync(join(dir, AUTOSTART_FILE), `${autostartEntry('/usr/bin/switchboard')}X-GNOME-Autostart-enabled=false\n`.replace('X-GNOME-Autostart-enabled=true\n', ''));
    expect(await file.isEnabled()).toBe(false);
  });
});
