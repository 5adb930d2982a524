/**
 * What each tray menu item does, as one exhaustive switch over TrayAction. The work itself comes in as
 * parameters (composed in main/index.ts); a failure of any of it is reported, never left as an unhandled
 * rejection in the main process.
 */
import type { TrayAction } from './tray-menu.js';

export interface TrayActionDeps {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  login(providerId: string, methodId: string): Promise<unknown>;
  configureClaudeCode(): Promise<unknown>;
  restoreClaudeCode(): Promise<unknown>;
  openDashboard(): void;
  copyApiKey(): Promise<unknown>;
  setLaunchAtLogin(enabled: boolean): Promise<unknown>;
  quit(): void;
  /** An action failed unexpectedly (the deps report expected failures themselves). */
  onError(action: TrayAction, error: unknown): void;
}

export function createTrayActionHandler(deps: TrayActionDeps): (action: TrayAction) => void {
  const run = (action: TrayAction, work: () => Promise<unknown> | void): void => {
    try {
      const result = work();
      if (result instanceof Promise) result.catch((error: unknown) => deps.onError(action, error));
    } catch (error) {
      deps.onError(action, error);
    }
  };
  return (action) => {
    switch (action.type) {
      case 'start':
        return run(action, () => deps.start());
      case 'stop':
        return run(action, () => deps.stop());
      case 'login':
        return run(action, () => deps.login(action.providerId, action.methodId));
      case 'configure-claude-code':
        return run(action, () => deps.configureClaudeCode());
      case 'restore-claude-code':
        return run(action, () => deps.restoreClaudeCode());
      case 'open-dashboard':
        return run(action, () => deps.openDashboard());
      case 'copy-api-key':
        return run(action, () => deps.copyApiKey());
      case 'set-launch-at-login':
        return run(action, () => deps.setLaunchAtLogin(action.enabled));
      case 'quit':
        return run(action, () => deps.quit());
      default:
        return assertNever(action);
    }
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected tray action: ${JSON.stringify(value)}`);
}
