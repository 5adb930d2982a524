/**
 * Launch at login on Linux, where Electron's app.setLoginItemSettings does nothing: an XDG autostart entry
 * (https://specifications.freedesktop.org/autostart-spec/latest/) in ~/.config/autostart/. Node only, so it is
 * tested against a temporary folder.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export const AUTOSTART_FILE = 'switchboard.desktop';
/** Passed on launches at login, so the app starts in the tray without opening its window. */
export const HIDDEN_ARG = '--hidden';

/** ~/.config/autostart, or $XDG_CONFIG_HOME/autostart. */
export function autostartDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart');
}

/**
 * Quotes an argument of an Exec line (desktop entry spec, "The Exec key"): inside double quotes, `"`, `` ` ``, `$`
 * and `\` are escaped with a backslash; then every `\` of the result is doubled again, because the value of a
 * string key is itself unescaped first. A `%` is written `%%`, or it would be read as a field code.
 */
export function quoteExecArgument(value: string): string {
  const quoted = `"${value.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchboard',
    'Comment=Your own AI subscriptions as one local API',
    `Exec=${quoteExecArgument(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface AutostartFile {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

/** The entry in `dir` that starts `executable` (for an AppImage: the .AppImage file itself, $APPIMAGE). */
export function autostartFile(dir: string, executable: string): AutostartFile {
  const path = join(dir, AUTOSTART_FILE);
  return {
    async isEnabled() {
      try {
        const text = await readFile(path, 'utf8');
        // Desktop environments write this when the person turns the entry off in their own settings.
        return !/^\s*(X-GNOME-Autostart-enabled\s*=\s*false|Hidden\s*=\s*true)\s*$/im.test(text);
      } catch {
        return false;
      }
    },
    async setEnabled(enabled) {
      if (!enabled) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(path, autostartEntry(executable), { mode: 0o644 });
    },
  };
}
