import { useEffect, useState } from 'react';
import type { DesktopInfo } from '../../../preload/contract';
import type { DesktopApi } from '../desktop';

/** What the desktop app says about itself (providers, token protection, launch at login); null in a browser. */
export function useDesktopInfo(desktop: DesktopApi | null): DesktopInfo | null {
  const [info, setInfo] = useState<DesktopInfo | null>(null);
  useEffect(() => {
    if (!desktop) return;
    let live = true;
    const unsubscribe = desktop.onDesktopInfoChanged(setInfo);
    desktop.getDesktopInfo().then(
      (initial) => live && setInfo(initial),
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [desktop]);
  return info;
}
