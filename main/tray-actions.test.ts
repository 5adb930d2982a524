import { describe, expect, it } from 'vitest';
import { createTrayActionHandler, type TrayActionDeps } from './tray-actions.js';
import type { TrayAction } from './tray-menu.js';

function setup(failing: keyof TrayActionDeps | null = null) {
  const calls: string[] = [];
  const errors: string[] = [];
  const step = (name: keyof TrayActionDeps, text: string) => async () => {
    calls.push(text);
    if (name === failing) throw new Error(`${text} broke`);
  };
  const deps: TrayActionDeps = {
    start: step('start', 'start'),
    stop: step('stop', 'stop'),
    login: (providerId, methodId) => step('login', `login ${providerId}/${methodId}`)(),
    configureClaudeCode: step('configureClaudeCode', 'configure'),
    restoreClaudeCode: step('restoreClaudeCode', 'restore'),
    openDashboard: () => {
      calls.push('dashboard');
      if (failing === 'openDashboard') throw new Error('dashboard broke');
    },
    copyApiKey: step('copyApiKey', 'copy'),
    setLaunchAtLogin: (enabled) => step('setLaunchAtLogin', `launch at login ${enabled}`)(),
    quit: () => calls.push('quit'),
    onError: (action, error) => errors.push(`${action.type}: ${String(error)}`),
  };
  return { handle: createTrayActionHandler(deps), calls, errors };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createTrayActionHandler', () => {
  it('sends every menu action to its work', async () => {
    const { handle, calls } = setup();
    const actions: TrayAction[] = [
      { type: 'start' },
      { type: 'stop' },
      { type: 'login', providerId: 'anthropic', methodId: 'oauth' },
      { type: 'configure-claude-code' },
      { type: 'restore-claude-code' },
      { type: 'open-dashboard' },
      { type: 'copy-api-key' },
      { type: 'set-launch-at-login', enabled: true },
      { type: 'quit' },
    ];
    for (const action of actions) handle(action);
    await settle();
    expect(calls).toEqual(['start', 'stop', 'login anthropic/oauth', 'configure', 'restore', 'dashboard', 'copy', 'launch at login true', 'quit']);
  });

  it('reports a failure, whether it rejects or throws', async () => {
    const rejecting = setup('configureClaudeCode');
    rejecting.handle({ type: 'configure-claude-code' });
    await settle();
    expect(rejecting.errors).toEqual(['configure-claude-code: Error: configure broke']);

    const throwing = setup('openDashboard');
    throwing.handle({ type: 'open-dashboard' });
    expect(throwing.errors).toEqual(['open-dashboard: Error: dashboard broke']);
  });
});
