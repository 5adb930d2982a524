/**
 * Launch at login as the tray and the page both show it: the state last read from the OS, one place that
 * changes it, and listeners told after each change (whoever made it). Over the LaunchAtLogin interface, so it
 * is tested without Electron.
 */
import type { LaunchAtLogin } from './launch-at-login.js';

export interface LaunchAtLoginState {
  supported: boolean;
  enabled: boolean;
}

export interface LaunchAtLoginControl {
  readonly launchedAtLogin: boolean;
  state(): LaunchAtLoginState;
  /** Reads the OS again (the person may have changed it in the system settings). */
  refresh(): Promise<LaunchAtLoginState>;
  set(enabled: boolean): Promise<LaunchAtLoginState>;
  onChange(listener: (state: LaunchAtLoginState) => void): () => void;
}

export function controlLaunchAtLogin(launch: LaunchAtLogin): LaunchAtLoginControl {
  const listeners = new Set<(state: LaunchAtLoginState) => void>();
  let current: LaunchAtLoginState = { supported: launch.supported, enabled: false };
  const publish = (enabled: boolean): LaunchAtLoginState => {
    const changed = enabled !== current.enabled;
    current = { supported: launch.supported, enabled };
    if (changed) for (const listener of listeners) listener(current);
    return current;
  };
  return {
    launchedAtLogin: launch.launchedAtLogin,
    state: () => current,
    refresh: async () => publish(launch.supported ? await launch.isEnabled() : false),
    async set(enabled) {
      if (!launch.supported) return current;
      return publish(await launch.setEnabled(enabled));
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
