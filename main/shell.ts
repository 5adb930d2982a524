/**
 * The parts of the running shell, created once by bootstrap() (main/index.ts) and handed to each setup step.
 */
import { app } from 'electron';
import type { DesktopInfo, TokenProtectionView } from '../preload/contract.js';
import type { AccountMonitor } from './account-monitor.js';
import type { ClaudeCodeSetup } from './claude-code-setup.js';
import { toDesktopInfo } from './desktop-calls.js';
import { desktopProviders } from './desktop-providers.js';
import type { Broadcast } from './ipc.js';
import type { LaunchAtLoginControl } from './launch-at-login-control.js';
import type { LoginRunner } from './login-runner.js';
import type { Notifier } from './notifier.js';
import type { ProxyController } from './proxy-controller.js';
import type { SettingsStore } from './settings-store.js';
import type { DashboardWindows } from './windows.js';

export interface Shell {
  settings: SettingsStore;
  proxy: ProxyController;
  windows: DashboardWindows;
  accounts: AccountMonitor;
  claudeCode: ClaudeCodeSetup;
  launchAtLogin: LaunchAtLoginControl;
  notifier: Notifier;
  /** How account tokens are kept at rest, decided once at start-up (main/secrets/setup-token-protection.ts). */
  tokenProtection: TokenProtectionView;
  runLogin: LoginRunner;
  broadcast: Broadcast;
}

export function desktopInfoOf(shell: Pick<Shell, 'launchAtLogin' | 'tokenProtection'>): DesktopInfo {
  return toDesktopInfo({
    appVersion: app.getVersion(),
    platform: process.platform,
    launchAtLogin: shell.launchAtLogin.state(),
    tokens: shell.tokenProtection,
    providers: desktopProviders,
  });
}
