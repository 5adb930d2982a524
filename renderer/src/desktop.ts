/**
 * The desktop bridge, when the page runs inside the Switchboard app (preload/index.ts exposes it). In a plain
 * browser it is absent and the page offers only what the HTTP API allows.
 */
import type { DesktopApi, DesktopInfo, SwitchboardStatusView } from '../../preload/contract';

declare global {
  interface Window {
    switchboard?: DesktopApi;
  }
}

export type { DesktopApi, DesktopInfo, SwitchboardStatusView };

export function desktopApi(): DesktopApi | null {
  return window.switchboard ?? null;
}

/** The proxy's state in words, for the desktop controls. */
export function describeStatus(status: SwitchboardStatusView): string {
  switch (status.state) {
    case 'running':
      return status.url ? `Running at ${status.url}` : 'Running';
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return `Error: ${status.error ?? 'unknown problem'}`;
    default:
      return status.state satisfies never;
  }
}
