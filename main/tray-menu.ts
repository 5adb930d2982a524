/**
 * The tray menu as data: a pure function of the proxy's status. main/tray.ts turns it into an Electron Menu;
 * keeping electron out of this file lets the menu's wording and enabled states be unit-tested.
 */
import type { SwitchboardStatusView } from '../preload/contract.js';

export type TrayAction = 'start' | 'stop' | 'open-dashboard' | 'copy-api-key' | 'quit';

export type MenuItemModel =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean };

/** Menus are narrow: long error messages are cut here and shown in full in the tooltip and the dashboard. */
const MAX_STATUS_LENGTH = 60;

/** One line for the top of the menu: "Running on :8317", "Stopped", "Error: …". */
export function statusLine(status: SwitchboardStatusView): string {
  switch (status.state) {
    case 'running':
      return status.port === null ? 'Running' : `Running on :${status.port}`;
    case 'starting':
      return 'Starting…';
    case 'stopping':
      return 'Stopping…';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return truncate(`Error: ${status.error ?? 'unknown problem'}`, MAX_STATUS_LENGTH);
    default:
      return assertNever(status.state);
  }
}

/** Tooltip of the tray icon: the product name and the full status. */
export function trayTooltip(status: SwitchboardStatusView): string {
  if (status.state === 'error') return `Switchboard — Error: ${status.error ?? 'unknown problem'}`;
  if (status.state === 'running' && status.url) return `Switchboard — running at ${status.url}`;
  return `Switchboard — ${statusLine(status)}`;
}

export function buildTrayMenuModel(status: SwitchboardStatusView): MenuItemModel[] {
  const busy = status.state === 'starting' || status.state === 'stopping';
  const toggle: MenuItemModel =
    status.state === 'running' || status.state === 'stopping'
      ? { kind: 'action', action: 'stop', label: 'Stop', enabled: !busy }
      : { kind: 'action', action: 'start', label: 'Start', enabled: !busy };
  return [
    { kind: 'status', label: statusLine(status) },
    { kind: 'separator' },
    toggle,
    { kind: 'action', action: 'open-dashboard', label: 'Open dashboard', enabled: true },
    { kind: 'action', action: 'copy-api-key', label: 'Copy API key', enabled: true },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit Switchboard', enabled: true },
  ];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected proxy state: ${String(value)}`);
}
