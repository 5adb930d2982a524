/**
 * "Launch at login" per OS: macOS and Windows through Electron's login items, Linux through an XDG autostart
 * entry (main/autostart-entry.ts). Only an installed app registers itself: a development build would register
 * the bare Electron binary, which cannot start Switchboard on its own.
 */
import { homedir } from 'node:os';
import { app } from 'electron';
import { HIDDEN_ARG, autostartDir, autostartFile } from './autostart-entry.js';

export interface LaunchAtLogin {
  readonly supported: boolean;
  isEnabled(): Promise<boolean>;
  /** Turns it on or off; answers the state the OS now reports. */
  setEnabled(enabled: boolean): Promise<boolean>;
  /** This very launch was one at login: the app starts in the tray without opening its window. */
  readonly launchedAtLogin: boolean;
}

export function createLaunchAtLogin(): LaunchAtLogin {
  const hiddenArg = process.argv.includes(HIDDEN_ARG);
  if (!app.isPackaged) {
    return { supported: false, isEnabled: async () => false, setEnabled: async () => false, launchedAtLogin: hiddenArg };
  }
  switch (process.platform) {
    case 'darwin':
      return {
        supported: true,
        isEnabled: async () => app.getLoginItemSettings().openAtLogin,
        async setEnabled(enabled) {
          app.setLoginItemSettings({ openAtLogin: enabled });
          return app.getLoginItemSettings().openAtLogin;
        },
        launchedAtLogin: app.getLoginItemSettings().wasOpenedAtLogin || hiddenArg,
      };
    case 'win32': {
      // The same path and args must be given to read the entry back as were given to write it.
      const entry = { path: process.execPath, args: [HIDDEN_ARG] };
      return {
        supported: true,
        isEnabled: async () => app.getLoginItemSettings(entry).openAtLogin,
        async setEnabled(enabled) {
          app.setLoginItemSettings({ ...entry, openAtLogin: enabled });
          return app.getLoginItemSettings(entry).openAtLogin;
        },
        launchedAtLogin: hiddenArg,
      };
    }
    default: {
      // An AppImage runs from a temporary mount; $APPIMAGE is the file to start next time.
      const file = autostartFile(autostartDir(process.env, homedir()), process.env.APPIMAGE ?? process.execPath);
      return {
        supported: true,
        isEnabled: () => file.isEnabled(),
        async setEnabled(enabled) {
          await file.setEnabled(enabled);
          return file.isEnabled();
        },
        launchedAtLogin: hiddenArg,
      };
    }
  }
}
