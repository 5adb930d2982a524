/**
 * The tray as data: the menu, the icon's state, the macOS title and the tooltip, as pure functions of what the
 * shell knows (proxy status, accounts, Claude Code's setup, launch at login, the provider list). main/tray.ts
 * turns them into Electron objects; keeping electron out of here lets every state be unit-tested.
 */
import type { SwitchboardStatusView } from '../preload/contract.js';
import { accountsNeedingLogin, busiestWindow, type AccountStatus } from './account-status.js';
import { assertNever } from './assert-never.js';
import type { ClaudeCodeState } from './claude-code-setup.js';
import type { DesktopProvider } from './desktop-providers.js';

export interface TrayView {
  status: SwitchboardStatusView;
  /** Null while unknown (the proxy is not running, or not read yet). */
  accounts: AccountStatus[] | null;
  claudeCode: ClaudeCodeState;
  launchAtLogin: { supported: boolean; enabled: boolean };
  providers: readonly DesktopProvider[];
  now: number;
}

export type TrayAction =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'login'; providerId: string; methodId: string }
  | { type: 'configure-claude-code' }
  | { type: 'restore-claude-code' }
  | { type: 'open-dashboard' }
  | { type: 'copy-api-key' }
  | { type: 'set-launch-at-login'; enabled: boolean }
  | { type: 'quit' };

export type MenuItemModel =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean };

export type TrayIconState = 'running' | 'stopped' | 'attention';

/** Menus are narrow: long texts are cut here and shown in full in the tooltip and the dashboard. */
const MAX_LINE_LENGTH = 60;
/** More accounts than this needing a login are summed up in one line. */
const MAX_ATTENTION_LINES = 3;

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
      return truncate(`Error: ${status.error ?? 'unknown problem'}`, MAX_LINE_LENGTH);
    default:
      return assertNever(status.state);
  }
}

/** What needs the person, in words (empty when nothing does). Known only while the proxy runs. */
export function attentionReasons(view: Pick<TrayView, 'accounts'>): string[] {
  if (view.accounts === null) return [];
  const enabled = view.accounts.filter((account) => account.enabled);
  if (view.accounts.length === 0) return ['No account yet: log in below'];
  if (enabled.length === 0) return ['Every account is disabled'];
  return accountsNeedingLogin(enabled).map((account) => `${account.name} needs a new login`);
}

export function trayIconState(view: Pick<TrayView, 'status' | 'accounts'>): TrayIconState {
  if (view.status.state === 'error') return 'attention';
  if (view.status.state !== 'running') return 'stopped';
  return attentionReasons(view).length > 0 ? 'attention' : 'running';
}

/** The busiest usage window as "72 %" for the macOS menu bar; empty when unknown or not running. */
export function trayTitle(view: Pick<TrayView, 'status' | 'accounts' | 'now'>): string {
  if (view.status.state !== 'running' || view.accounts === null) return '';
  const busiest = busiestWindow(view.accounts, view.now);
  return busiest ? `${Math.round(busiest.window.usedPercent)}%` : '';
}

/** The tooltip: product, full status, the busiest window (where the OS shows no title) and what needs attention. */
export function trayTooltip(view: Pick<TrayView, 'status' | 'accounts' | 'now'>): string {
  const { status } = view;
  const lines = [
    status.state === 'error'
      ? `Switchboard — Error: ${status.error ?? 'unknown problem'}`
      : status.state === 'running' && status.url
        ? `Switchboard — running at ${status.url}`
        : `Switchboard — ${statusLine(status)}`,
  ];
  const busiest = status.state === 'running' && view.accounts ? busiestWindow(view.accounts, view.now) : null;
  if (busiest) lines.push(`${busiest.window.label}: ${Math.round(busiest.window.usedPercent)} % (${busiest.account.name})`);
  lines.push(...attentionReasons(view));
  return lines.join('\n');
}

export function buildTrayMenuModel(view: TrayView): MenuItemModel[] {
  return [
    ...statusSection(view),
    { kind: 'separator' },
    toggleItem(view.status),
    { kind: 'separator' },
    ...loginItems(view.providers),
    { kind: 'separator' },
    ...claudeCodeItems(view.claudeCode),
    { kind: 'action', action: { type: 'open-dashboard' }, label: 'Open dashboard', enabled: true },
    { kind: 'action', action: { type: 'copy-api-key' }, label: 'Copy API key', enabled: true },
    { kind: 'separator' },
    {
      kind: 'checkbox',
      action: { type: 'set-launch-at-login', enabled: !view.launchAtLogin.enabled },
      label: view.launchAtLogin.supported ? 'Launch at login' : 'Launch at login (installed app only)',
      checked: view.launchAtLogin.enabled,
      enabled: view.launchAtLogin.supported,
    },
    { kind: 'separator' },
    { kind: 'action', action: { type: 'quit' }, label: 'Quit Switchboard', enabled: true },
  ];
}

function statusSection(view: TrayView): MenuItemModel[] {
  const lines: MenuItemModel[] = [{ kind: 'status', label: statusLine(view.status) }];
  if (view.status.state !== 'running') return lines;
  const busiest = view.accounts ? busiestWindow(view.accounts, view.now) : null;
  if (busiest) lines.push({ kind: 'status', label: truncate(`${busiest.window.label}: ${Math.round(busiest.window.usedPercent)} % (${busiest.account.name})`, MAX_LINE_LENGTH) });
  const reasons = attentionReasons(view);
  const shown = reasons.length > MAX_ATTENTION_LINES ? [...reasons.slice(0, MAX_ATTENTION_LINES - 1), `and ${reasons.length - MAX_ATTENTION_LINES + 1} more need attention`] : reasons;
  lines.push(...shown.map((reason): MenuItemModel => ({ kind: 'status', label: truncate(`⚠ ${reason}`, MAX_LINE_LENGTH) })));
  return lines;
}

function toggleItem(status: SwitchboardStatusView): MenuItemModel {
  const busy = status.state === 'starting' || status.state === 'stopping';
  return status.state === 'running' || status.state === 'stopping'
    ? { kind: 'action', action: { type: 'stop' }, label: 'Stop proxy', enabled: !busy }
    : { kind: 'action', action: { type: 'start' }, label: 'Start proxy', enabled: !busy };
}

/** One item per login method of every provider in main/desktop-providers.ts, in the list's order. */
function loginItems(providers: readonly DesktopProvider[]): MenuItemModel[] {
  return providers.flatMap((provider) =>
    provider.logins.map((method): MenuItemModel => ({
      kind: 'action',
      action: { type: 'login', providerId: provider.id, methodId: method.id },
      label: method.label,
      enabled: true,
    })),
  );
}

/** Restore when Switchboard set Claude Code up, Configure when not; both when it points at another port. */
function claudeCodeItems(state: ClaudeCodeState): MenuItemModel[] {
  const configure: MenuItemModel = { kind: 'action', action: { type: 'configure-claude-code' }, label: 'Configure Claude Code', enabled: true };
  const restore: MenuItemModel = { kind: 'action', action: { type: 'restore-claude-code' }, label: 'Restore Claude Code', enabled: true };
  switch (state.kind) {
    case 'configured':
      return state.pointsHere ? [restore] : [{ ...configure, label: 'Point Claude Code at this port' }, restore];
    case 'not-configured':
    case 'unknown':
    case 'unreadable':
      // Unreadable: Configure explains which line of which file is wrong (it never overwrites such a file).
      return [configure];
    default:
      return assertNever(state);
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
