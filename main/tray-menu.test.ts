import { describe, expect, it } from 'vitest';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { buildTrayMenuModel, statusLine, trayTooltip, type MenuItemModel } from './tray-menu.js';

const base: SwitchboardStatusView = { state: 'stopped', url: null, port: null, error: null, errorCode: null };
const running: SwitchboardStatusView = { state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null };

function actions(model: MenuItemModel[]): string[] {
  return model.flatMap((item) => (item.kind === 'action' ? [`${item.action}:${item.label}:${item.enabled ? 'on' : 'off'}`] : []));
}

describe('buildTrayMenuModel', () => {
  it('shows the port and offers Stop while running', () => {
    const model = buildTrayMenuModel(running);
    expect(model[0]).toEqual({ kind: 'status', label: 'Running on :8317' });
    expect(actions(model)).toEqual(['stop:Stop:on', 'open-dashboard:Open dashboard:on', 'copy-api-key:Copy API key:on', 'quit:Quit Switchboard:on']);
  });

  it('offers Start when stopped', () => {
    const model = buildTrayMenuModel(base);
    expect(model[0]).toEqual({ kind: 'status', label: 'Stopped' });
    expect(actions(model)[0]).toBe('start:Start:on');
  });

  it('disables the toggle while starting or stopping', () => {
    expect(actions(buildTrayMenuModel({ ...base, state: 'starting' }))[0]).toBe('start:Start:off');
    expect(actions(buildTrayMenuModel({ ...running, state: 'stopping' }))[0]).toBe('stop:Stop:off');
    expect(buildTrayMenuModel({ ...base, state: 'starting' })[0]).toEqual({ kind: 'status', label: 'Starting…' });
  });

  it('names the error and offers Start again', () => {
    const status: SwitchboardStatusView = { ...base, state: 'error', error: 'port 8317 on 127.0.0.1 is already in use', errorCode: 'port_in_use' };
    const model = buildTrayMenuModel(status);
    expect(model[0]).toEqual({ kind: 'status', label: 'Error: port 8317 on 127.0.0.1 is already in use' });
    expect(actions(model)[0]).toBe('start:Start:on');
  });

  it('always ends with Quit and keeps the status line unclickable', () => {
    for (const state of ['stopped', 'starting', 'running', 'stopping', 'error'] as const) {
      const model = buildTrayMenuModel({ ...base, state });
      expect(model.at(-1)).toMatchObject({ kind: 'action', action: 'quit', enabled: true });
      expect(model[0]?.kind).toBe('status');
    }
  });
});

describe('statusLine and trayTooltip', () => {
  it('cuts long errors in the menu but keeps them whole in the tooltip', () => {
    const error = 'x'.repeat(200);
    const status: SwitchboardStatusView = { ...base, state: 'error', error, errorCode: 'other' };
    const line = statusLine(status);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line.endsWith('…')).toBe(true);
    expect(trayTooltip(status)).toContain(error);
  });

  it('puts the address in the tooltip while running', () => {
    expect(trayTooltip(running)).toBe('Switchboard — running at http://127.0.0.1:8317');
    expect(trayTooltip(base)).toBe('Switchboard — Stopped');
  });

  it('says "Running" when the port is unknown', () => {
    expect(statusLine({ ...running, port: null })).toBe('Running');
  });
});
