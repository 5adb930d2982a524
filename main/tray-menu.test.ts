import { describe, expect, it } from 'vitest';
import type { SwitchboardStatusView } from '../preload/contract.js';
import type { AccountStatus } from './account-status.js';
import { desktopProviders, type DesktopProvider } from './desktop-providers.js';
import { buildTrayMenuModel, statusLine, trayIconState, trayTitle, trayTooltip, type MenuItemModel, type TrayView } from './tray-menu.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const stopped: SwitchboardStatusView = { state: 'stopped', url: null, port: null, error: null, errorCode: null };
const running: SwitchboardStatusView = { state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null };
const portInUse: SwitchboardStatusView = { ...stopped, state: 'error', error: 'port 8317 on 127.0.0.1 is already in use — choose another port', errorCode: 'port_in_use' };

const providers: DesktopProvider[] = [
  { id: 'anthropic', name: 'Claude', logins: [{ id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' }, { id: 'import-claude-code', label: 'Import from Claude Code', kind: 'import' }] },
  { id: 'codex', name: 'ChatGPT', logins: [{ id: 'oauth', label: 'Log in to ChatGPT…', kind: 'oauth-window' }] },
];

function account(id: string, overrides: Partial<AccountStatus> = {}): AccountStatus {
  return { id, provider: 'anthropic', name: `${id}@example.com`, enabled: true, needsLogin: null, windows: [], ...overrides };
}

const healthy = [account('me', { windows: [{ name: 'five_hour', label: '5-hour limit', usedPercent: 40, resetsAt: NOW + 3600_000 }, { name: 'seven_day', label: 'weekly limit', usedPercent: 71.6, resetsAt: NOW + 86_400_000 }] })];

function view(overrides: Partial<TrayView> = {}): TrayView {
  return {
    status: running,
    accounts: healthy,
    claudeCode: { kind: 'not-configured' },
    launchAtLogin: { supported: true, enabled: false },
    providers,
    now: NOW,
    ...overrides,
  };
}

/** The menu as lines a person reads: "[x]" checked, "(off)" disabled, "—" a separator, "·" a status line. */
function render(model: MenuItemModel[]): string[] {
  return model.map((item) => {
    switch (item.kind) {
      case 'separator':
        return '—';
      case 'status':
        return `· ${item.label}`;
      case 'action':
        return `${item.label}${item.enabled ? '' : ' (off)'}`;
      case 'checkbox':
        return `${item.checked ? '[x]' : '[ ]'} ${item.label}${item.enabled ? '' : ' (off)'}`;
    }
  });
}

function actionOf(model: MenuItemModel[], label: string) {
  const item = model.find((candidate) => (candidate.kind === 'action' || candidate.kind === 'checkbox') && candidate.label === label);
  if (!item || item.kind === 'status' || item.kind === 'separator') throw new Error(`no item "${label}"`);
  return item.action;
}

describe('buildTrayMenuModel', () => {
  it('running: the port, the busiest window, Stop, the logins, Configure, dashboard, launch at login, Quit', () => {
    expect(render(buildTrayMenuModel(view()))).toEqual([
      '· Running on :8317',
      '· weekly limit: 72 % (me@example.com)',
      '—',
      'Stop proxy',
      '—',
      'Log in to Claude…',
      'Import from Claude Code',
      'Log in to ChatGPT…',
      '—',
      'Configure Claude Code',
      'Open dashboard',
      'Copy API key',
      '—',
      '[ ] Launch at login',
      '—',
      'Quit Switchboard',
    ]);
  });

  it('stopped: Start, and no account lines (they are not known)', () => {
    const lines = render(buildTrayMenuModel(view({ status: stopped, accounts: null })));
    expect(lines.slice(0, 4)).toEqual(['· Stopped', '—', 'Start proxy', '—']);
  });

  it('starting and stopping: the toggle is disabled', () => {
    expect(render(buildTrayMenuModel(view({ status: { ...stopped, state: 'starting' }, accounts: null }))).slice(0, 3)).toEqual(['· Starting…', '—', 'Start proxy (off)']);
    expect(render(buildTrayMenuModel(view({ status: { ...running, state: 'stopping' } }))).slice(0, 3)).toEqual(['· Stopping…', '—', 'Stop proxy (off)']);
  });

  it('error: names the error (cut to fit) and offers Start again', () => {
    const lines = render(buildTrayMenuModel(view({ status: portInUse, accounts: null })));
    expect(lines[0]).toBe('· Error: port 8317 on 127.0.0.1 is already in use — choose an…');
    expect(lines[0]!.length).toBeLessThanOrEqual(62);
    expect(lines[2]).toBe('Start proxy');
  });

  it('needs attention: one line per account that needs a login, summed up past three', () => {
    const one = render(buildTrayMenuModel(view({ accounts: [...healthy, account('old', { needsLogin: 'refused' })] })));
    expect(one.slice(0, 3)).toEqual(['· Running on :8317', '· weekly limit: 72 % (me@example.com)', '· ⚠ old@example.com needs a new login']);

    const many = ['a', 'b', 'c', 'd', 'e'].map((id) => account(id, { needsLogin: 'refused' }));
    expect(render(buildTrayMenuModel(view({ accounts: many }))).filter((line) => line.startsWith('· ⚠'))).toEqual([
      '· ⚠ a@example.com needs a new login',
      '· ⚠ b@example.com needs a new login',
      '· ⚠ and 3 more need attention',
    ]);
  });

  it('needs attention: no account at all, or every one disabled', () => {
    expect(render(buildTrayMenuModel(view({ accounts: [] }))).slice(0, 2)).toEqual(['· Running on :8317', '· ⚠ No account yet: log in below']);
    expect(render(buildTrayMenuModel(view({ accounts: [account('a', { enabled: false, needsLogin: 'x' })] }))).slice(0, 2)).toEqual([
      '· Running on :8317',
      '· ⚠ Every account is disabled',
    ]);
  });

  it('Configure vs Restore Claude Code follows its state', () => {
    const claudeItems = (claudeCode: TrayView['claudeCode']) => render(buildTrayMenuModel(view({ claudeCode }))).filter((line) => /Claude Code/.test(line) && !/Import/.test(line));
    expect(claudeItems({ kind: 'unknown' })).toEqual(['Configure Claude Code']);
    expect(claudeItems({ kind: 'not-configured' })).toEqual(['Configure Claude Code']);
    expect(claudeItems({ kind: 'unreadable', problem: 'settings.json:3: invalid JSON' })).toEqual(['Configure Claude Code']);
    expect(claudeItems({ kind: 'configured', pointsHere: true })).toEqual(['Restore Claude Code']);
    expect(claudeItems({ kind: 'configured', pointsHere: false })).toEqual(['Point Claude Code at this port', 'Restore Claude Code']);
    expect(actionOf(buildTrayMenuModel(view({ claudeCode: { kind: 'configured', pointsHere: true } })), 'Restore Claude Code')).toEqual({ type: 'restore-claude-code' });
    expect(actionOf(buildTrayMenuModel(view()), 'Configure Claude Code')).toEqual({ type: 'configure-claude-code' });
  });

  it('launch at login: checked when on, and the click asks for the opposite', () => {
    const on = buildTrayMenuModel(view({ launchAtLogin: { supported: true, enabled: true } }));
    expect(render(on)).toContain('[x] Launch at login');
    expect(actionOf(on, 'Launch at login')).toEqual({ type: 'set-launch-at-login', enabled: false });
    expect(actionOf(buildTrayMenuModel(view()), 'Launch at login')).toEqual({ type: 'set-launch-at-login', enabled: true });
    expect(render(buildTrayMenuModel(view({ launchAtLogin: { supported: false, enabled: false } })))).toContain('[ ] Launch at login (installed app only) (off)');
  });

  it('the login items come from the provider list, each carrying its provider and method', () => {
    const model = buildTrayMenuModel(view({ providers: desktopProviders }));
    for (const provider of desktopProviders) {
      for (const method of provider.logins) expect(actionOf(model, method.label)).toEqual({ type: 'login', providerId: provider.id, methodId: method.id });
    }
  });

  it("lists every login of the catalog's ChatGPT (Codex) and Cursor providers, after Claude's", () => {
    const model = buildTrayMenuModel(view({ providers: desktopProviders }));
    const lines = render(model);
    expect(lines.slice(lines.indexOf('Stop proxy') + 2, lines.indexOf('Configure Claude Code') - 1)).toEqual([
      'Log in to Claude…',
      'Import from Claude Code',
      'Sign in with ChatGPT…',
      'Sign in with ChatGPT using a code',
      'Import from the Codex CLI',
      'Log in on cursor.com…',
      'Import from the Cursor app',
    ]);
    expect(actionOf(model, 'Sign in with ChatGPT using a code')).toEqual({ type: 'login', providerId: 'codex', methodId: 'device' });
    expect(actionOf(model, 'Import from the Codex CLI')).toEqual({ type: 'login', providerId: 'codex', methodId: 'import-codex-cli' });
  });

  it('always ends with Quit and never makes a status line clickable', () => {
    for (const status of [stopped, running, portInUse, { ...stopped, state: 'starting' as const }, { ...running, state: 'stopping' as const }]) {
      const model = buildTrayMenuModel(view({ status }));
      expect(model.at(-1)).toEqual({ kind: 'action', action: { type: 'quit' }, label: 'Quit Switchboard', enabled: true });
      expect(model[0]?.kind).toBe('status');
    }
  });
});

describe('trayIconState', () => {
  it('is running, stopped or attention', () => {
    expect(trayIconState(view())).toBe('running');
    expect(trayIconState(view({ status: stopped, accounts: null }))).toBe('stopped');
    expect(trayIconState(view({ status: { ...stopped, state: 'starting' }, accounts: null }))).toBe('stopped');
    expect(trayIconState(view({ status: portInUse, accounts: null }))).toBe('attention');
    expect(trayIconState(view({ accounts: [account('a', { needsLogin: 'refused' })] }))).toBe('attention');
    expect(trayIconState(view({ accounts: [] }))).toBe('attention');
    // Not known yet (first read in flight): no alarm.
    expect(trayIconState(view({ accounts: null }))).toBe('running');
  });
});

describe('trayTitle and trayTooltip', () => {
  it('shows the busiest window as the macOS title while running', () => {
    expect(trayTitle(view())).toBe('72%');
    expect(trayTitle(view({ accounts: [] }))).toBe('');
    expect(trayTitle(view({ status: stopped, accounts: healthy }))).toBe('');
  });

  it("takes a Codex account's windows into the busiest window like Claude's", () => {
    const codex = account('ada', { provider: 'codex', windows: [{ name: 'five_hour', label: '5-hour limit', usedPercent: 10, resetsAt: NOW + 3600_000 }, { name: 'seven_day', label: 'weekly limit', usedPercent: 88.4, resetsAt: NOW + 86_400_000 }] });
    expect(trayTitle(view({ accounts: [...healthy, codex] }))).toBe('88%');
    expect(trayTooltip(view({ accounts: [...healthy, codex] }))).toContain('weekly limit: 88 % (ada@example.com)');
  });

  it('puts the address, the busiest window and what needs attention in the tooltip', () => {
    expect(trayTooltip(view({ accounts: [...healthy, account('old', { needsLogin: 'refused' })] }))).toBe(
      'Switchboard — running at http://127.0.0.1:8317\nweekly limit: 72 % (me@example.com)\nold@example.com needs a new login',
    );
    expect(trayTooltip(view({ status: stopped, accounts: null }))).toBe('Switchboard — Stopped');
  });

  it('keeps a long error whole in the tooltip', () => {
    const error = 'x'.repeat(200);
    const status: SwitchboardStatusView = { ...stopped, state: 'error', error, errorCode: 'other' };
    expect(statusLine(status).length).toBeLessThanOrEqual(60);
    expect(trayTooltip(view({ status, accounts: null }))).toBe(`Switchboard — Error: ${error}`);
  });

  it('says "Running" when the port is unknown', () => {
    expect(statusLine({ ...running, port: null })).toBe('Running');
  });
});
