import { describe, expect, it } from 'vitest';
import type { LaunchAtLogin } from './launch-at-login.js';
import { controlLaunchAtLogin, type LaunchAtLoginState } from './launch-at-login-control.js';

function fakeOs(supported = true) {
  const os = { enabled: false, writes: [] as boolean[] };
  const launch: LaunchAtLogin = {
    supported,
    launchedAtLogin: false,
    isEnabled: async () => os.enabled,
    setEnabled: async (enabled) => {
      os.writes.push(enabled);
      os.enabled = enabled;
      return os.enabled;
    },
  };
  return { os, launch };
}

describe('controlLaunchAtLogin', () => {
  it('sets the OS state and tells every listener once per change', async () => {
    const { os, launch } = fakeOs();
    const control = controlLaunchAtLogin(launch);
    const seen: LaunchAtLoginState[] = [];
    control.onChange((state) => seen.push(state));
    expect(await control.set(true)).toEqual({ supported: true, enabled: true });
    expect(await control.set(true)).toEqual({ supported: true, enabled: true });
    expect(os.writes).toEqual([true, true]);
    expect(seen).toEqual([{ supported: true, enabled: true }]);
  });

  it('picks up a change made in the system settings on refresh', async () => {
    const { os, launch } = fakeOs();
    const control = controlLaunchAtLogin(launch);
    os.enabled = true;
    expect(control.state().enabled).toBe(false);
    expect(await control.refresh()).toEqual({ supported: true, enabled: true });
  });

  it('never touches the OS where it is not supported', async () => {
    const { os, launch } = fakeOs(false);
    const control = controlLaunchAtLogin(launch);
    expect(await control.set(true)).toEqual({ supported: false, enabled: false });
    expect(os.writes).toEqual([]);
  });
});
