import { useEffect, useState } from 'react';
import type { DesktopApi, DesktopInfo, SwitchboardStatusView } from '../desktop';

type Read<T> = (desktop: DesktopApi) => Promise<T>;
type Follow<T> = (desktop: DesktopApi, listener: (value: T) => void) => () => void;

/**
 * A value the desktop app pushes: followed through its change event, and read once for the start (unless a
 * pushed value came first, which is newer). Null in a plain browser and until the first value arrives.
 * `read` and `follow` must be stable (module-level), as they are below.
 */
function useDesktopValue<T>(desktop: DesktopApi | null, read: Read<T>, follow: Follow<T>): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!desktop) return;
    let live = true;
    let pushed = false;
    const unsubscribe = follow(desktop, (next) => {
      pushed = true;
      setValue(next);
    });
    read(desktop).then(
      (initial) => live && !pushed && setValue(initial),
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [desktop, read, follow]);
  return value;
}

const readStatus: Read<SwitchboardStatusView> = (desktop) => desktop.getStatus();
const followStatus: Follow<SwitchboardStatusView> = (desktop, listener) => desktop.onStatusChanged(listener);
const readInfo: Read<DesktopInfo> = (desktop) => desktop.getDesktopInfo();
const followInfo: Follow<DesktopInfo> = (desktop, listener) => desktop.onDesktopInfoChanged(listener);

/** The proxy status the desktop app reports; null in a plain browser. */
export function useDesktopStatus(desktop: DesktopApi | null): SwitchboardStatusView | null {
  return useDesktopValue(desktop, readStatus, followStatus);
}

/** What the desktop app says about itself (providers, token protection, launch at login); null in a browser. */
export function useDesktopInfo(desktop: DesktopApi | null): DesktopInfo | null {
  return useDesktopValue(desktop, readInfo, followInfo);
}
