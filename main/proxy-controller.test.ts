import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Config, Switchboard, SwitchboardStatus } from '../proxy/index.js';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { createProxyController, describeStartFailure } from './proxy-controller.js';
import type { SettingsSource } from './settings.js';

const STOPPED: SwitchboardStatus = { state: 'stopped', url: null, port: null, error: null, errorCode: null };

function fakeConfig(port = 8317): Config {
  return { host: '127.0.0.1', port, 'data-dir': '/tmp/switchboard-test-data' } as Config;
}

/** A Switchboard stand-in whose start() answers what the test says (running, or a port in use). */
function fakeSwitchboard(startResult: (config: Config) => SwitchboardStatus) {
  const created: { config: Config; switchboard: Switchboard; stops: number }[] = [];
  const create = (config: Config): Switchboard => {
    let status = STOPPED;
    const events = new EventEmitter<{ status: [SwitchboardStatus] }>();
    const set = (next: SwitchboardStatus): SwitchboardStatus => {
      status = next;
      events.emit('status', next);
      return next;
    };
    const entry = {
      config,
      stops: 0,
      switchboard: {
        events,
        status: () => status,
        start: async () => {
          set({ ...STOPPED, state: 'starting' });
          return set(startResult(config));
        },
        stop: async () => {
          entry.stops += 1;
          if (status.state !== 'running') return;
          set({ ...status, state: 'stopping' });
          set(STOPPED);
        },
      } satisfies Switchboard,
    };
    created.push(entry);
    return entry.switchboard;
  };
  return { create, created };
}

/** The owner key, for the tests that do not look at it. */
const SOME_OWNER_KEY = { ensureOwnerKey: async () => ({ key: 'k', created: false }), readOwnerKey: async () => 'k' };

function settingsFrom(load: () => Config): SettingsSource {
  return {
    load: async () => load(),
    howToChange: (key) => `change "${key}:" in the settings file /home/me/.config/switchboard/config.yaml`,
  };
}

const running = (config: Config): SwitchboardStatus => ({
  state: 'running',
  url: `http://127.0.0.1:${config.port}`,
  port: config.port,
  error: null,
  errorCode: null,
});
const portInUse = (config: Config): SwitchboardStatus => ({
  state: 'error',
  url: null,
  port: null,
  error: `port ${config.port} on 127.0.0.1 is already in use — choose another port`,
  errorCode: 'port_in_use',
});

describe('createProxyController', () => {
  it('loads the settings, ensures the owner key, starts, and reports every status', async () => {
    const proxy = fakeSwitchboard(running);
    const ensureOwnerKey = vi.fn(async () => ({ key: 'sk-sb-owner', created: true }));
    let keyFile = 'sk-sb-owner';
    const controller = createProxyController(settingsFrom(() => fakeConfig()), { createSwitchboard: proxy.create, ensureOwnerKey, readOwnerKey: async () => keyFile });
    expect(await controller.apiKey()).toBeNull();
    const seen: SwitchboardStatusView['state'][] = [];
    controller.onStatus((status) => seen.push(status.state));

    const status = await controller.start();

    expect(status).toEqual({ state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null });
    expect(ensureOwnerKey).toHaveBeenCalledWith('/tmp/switchboard-test-data');
    expect(await controller.apiKey()).toBe('sk-sb-owner');
    expect(controller.config()?.port).toBe(8317);
    expect(seen).toEqual(['starting', 'running']);
    keyFile = 'sk-sb-rotated'; // rotated from the dashboard: Copy API key must copy the new one
    expect(await controller.apiKey()).toBe('sk-sb-rotated');

    expect((await controller.stop()).state).toBe('stopped');
    expect(controller.status().state).toBe('stopped');
    expect(seen.slice(-2)).toEqual(['stopping', 'stopped']);
  });

  it('does not start twice', async () => {
    const proxy = fakeSwitchboard(running);
    const controller = createProxyController(settingsFrom(() => fakeConfig()), { createSwitchboard: proxy.create, ...SOME_OWNER_KEY });
    await Promise.all([controller.start(), controller.start()]);
    await controller.start();
    expect(proxy.created).toHaveLength(1);
  });

  it('re-reads the settings on the next Start, so a changed port takes effect', async () => {
    let port = 8317;
    const proxy = fakeSwitchboard((config) => (config.port === 8317 ? portInUse(config) : running(config)));
    const controller = createProxyController(settingsFrom(() => fakeConfig(port)), { createSwitchboard: proxy.create, ...SOME_OWNER_KEY });

    const failed = await controller.start();
    expect(failed).toMatchObject({ state: 'error', errorCode: 'port_in_use' });
    const failure = controller.describeFailure(failed);
    expect(failure?.title).toBe('Port 8317 is already in use');
    expect(failure?.message).toContain('port 8317 on 127.0.0.1');
    expect(failure?.message).toContain('change "port:" in the settings file /home/me/.config/switchboard/config.yaml');
    expect(failure?.message).toContain('"port: 8318"');

    port = 8318;
    expect(await controller.start()).toMatchObject({ state: 'running', port: 8318 });
    expect(proxy.created.map((entry) => entry.config.port)).toEqual([8317, 8318]);
  });

  it('reports unreadable settings as an error status instead of throwing', async () => {
    const proxy = fakeSwitchboard(running);
    const controller = createProxyController(
      settingsFrom(() => {
        throw new Error('/home/me/.config/switchboard/config.yaml:\n  - prot: unknown key — did you mean "port"?');
      }),
      { createSwitchboard: proxy.create, ...SOME_OWNER_KEY },
    );
    const status = await controller.start();
    expect(status).toMatchObject({ state: 'error', errorCode: 'settings' });
    expect(proxy.created).toHaveLength(0);
    expect(await controller.apiKey()).toBeNull();
    expect(controller.describeFailure(status)).toMatchObject({ title: 'Switchboard could not read its settings' });
    expect(controller.describeFailure(status)?.message).toContain('did you mean "port"');
  });

  it('runs a Stop clicked during a start after that start', async () => {
    const proxy = fakeSwitchboard(running);
    const controller = createProxyController(settingsFrom(() => fakeConfig()), { createSwitchboard: proxy.create, ...SOME_OWNER_KEY });
    const [started, stopped] = await Promise.all([controller.start(), controller.stop()]);
    expect(started.state).toBe('running');
    expect(stopped.state).toBe('stopped');
    expect(proxy.created[0]?.stops).toBe(1);
  });

  it('only passes the contract fields on', async () => {
    const proxy = fakeSwitchboard((config) => ({ ...running(config), secret: 'x' }) as SwitchboardStatus);
    const controller = createProxyController(settingsFrom(() => fakeConfig()), { createSwitchboard: proxy.create, ...SOME_OWNER_KEY });
    expect(Object.keys(await controller.start()).sort()).toEqual(['error', 'errorCode', 'port', 'state', 'url']);
  });
});

describe('describeStartFailure', () => {
  const context = { config: { host: '127.0.0.1', port: 8317 }, howToChange: (key: string) => `change "${key}:" in the settings file /x/config.yaml` };

  it('is null unless the status is an error', () => {
    expect(describeStartFailure({ state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null }, context)).toBeNull();
  });

  it('passes other errors through', () => {
    expect(describeStartFailure({ state: 'error', url: null, port: null, error: 'EACCES', errorCode: 'other' }, context)).toEqual({
      title: 'Switchboard could not start',
      message: 'EACCES',
    });
  });
});
