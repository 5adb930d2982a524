/**
 * Owns the one proxy the desktop app runs: loads the settings on every Start (so a port changed in the
 * settings after "port in use" takes effect without restarting the app), makes sure the owner key exists,
 * creates and starts the Switchboard, and reports its status as the bridge's view type.
 *
 * The proxy's functions come in as parameters (composition happens in main/index.ts), so this file is
 * tested without Electron and without starting a server.
 */
import type { Config, Switchboard, SwitchboardStatus } from '../proxy/index.js';
import type { SwitchboardStatusView } from '../preload/contract.js';
import type { SettingsSource } from './settings.js';

export interface ProxyControllerDeps {
  createSwitchboard(config: Config): Switchboard;
  ensureOwnerKey(dataDir: string): Promise<{ key: string; created: boolean }>;
  /** Reads the owner key file as it is now (the dashboard can rotate the key while the app runs). */
  readOwnerKey(dataDir: string): Promise<string | null>;
}

export interface ProxyController {
  status(): SwitchboardStatusView;
  /** Starts the proxy (no-op when it runs). Never throws: a failure comes back as an "error" status. */
  start(): Promise<SwitchboardStatusView>;
  /** Stops the proxy gracefully (requests in flight finish, up to the configured shutdown timeout). */
  stop(): Promise<SwitchboardStatusView>;
  /** The current owner key, once a start got as far as reading the settings; null before. */
  apiKey(): Promise<string | null>;
  /** The settings of the last start that could read them (host, port, data-dir…); null before. */
  config(): Config | null;
  onStatus(listener: (status: SwitchboardStatusView) => void): () => void;
  /** Title and text for an error dialog about a failed start, naming the fix; null if nothing failed. */
  describeFailure(status: SwitchboardStatusView): FailureDescription | null;
}

export interface FailureDescription {
  title: string;
  message: string;
}

const STOPPED: SwitchboardStatusView = { state: 'stopped', url: null, port: null, error: null, errorCode: null };

/** Copies exactly the fields of the contract, so nothing else the proxy adds to its status crosses IPC. */
export function toStatusView(status: SwitchboardStatus): SwitchboardStatusView {
  return { state: status.state, url: status.url, port: status.port, error: status.error, errorCode: status.errorCode };
}

export function createProxyController(settings: SettingsSource, deps: ProxyControllerDeps): ProxyController {
  const listeners = new Set<(status: SwitchboardStatusView) => void>();
  let current: SwitchboardStatusView = STOPPED;
  let switchboard: Switchboard | null = null;
  let detach: (() => void) | null = null;
  let config: Config | null = null;
  // Start and stop run one after another: a Stop clicked while starting waits for the start to settle.
  let queue: Promise<unknown> = Promise.resolve();

  // The proxy's own status events and the result of start() repeat each other: tell listeners once.
  const publish = (next: SwitchboardStatusView): SwitchboardStatusView => {
    if (sameStatus(current, next)) return current;
    current = next;
    for (const listener of listeners) listener(next);
    return next;
  };

  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const start = async (): Promise<SwitchboardStatusView> => {
    if (current.state === 'running') return current;
    publish({ ...STOPPED, state: 'starting' });
    try {
      config = await settings.load();
      await deps.ensureOwnerKey(config['data-dir']);
    } catch (error) {
      return publish({ ...STOPPED, state: 'error', error: errorText(error), errorCode: 'settings' });
    }
    // A previous proxy (failed or stopped) is dropped; stop() is a no-op unless it still listens.
    detach?.();
    await switchboard?.stop().catch(() => undefined);
    const next = deps.createSwitchboard(config);
    const forward = (status: SwitchboardStatus): void => void publish(toStatusView(status));
    next.events.on('status', forward);
    detach = () => next.events.off('status', forward);
    switchboard = next;
    try {
      return publish(toStatusView(await next.start()));
    } catch (error) {
      return publish({ ...STOPPED, state: 'error', error: errorText(error), errorCode: 'other' });
    }
  };

  const stop = async (): Promise<SwitchboardStatusView> => {
    const running = switchboard;
    if (!running) return current.state === 'error' ? current : publish(STOPPED);
    try {
      await running.stop();
      return publish(toStatusView(running.status()));
    } catch (error) {
      return publish({ ...STOPPED, state: 'error', error: `stopping failed: ${errorText(error)}`, errorCode: 'other' });
    }
  };

  return {
    status: () => current,
    start: () => serial(start),
    stop: () => serial(stop),
    apiKey: async () => (config ? deps.readOwnerKey(config['data-dir']) : null),
    config: () => config,
    onStatus(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    describeFailure: (status) => describeStartFailure(status, { config, howToChange: (key) => settings.howToChange(key) }),
  };
}

/** Words for an error dialog; the port-in-use case names the port and how to pick another. */
export function describeStartFailure(
  status: SwitchboardStatusView,
  context: { config: Pick<Config, 'host' | 'port'> | null; howToChange(key: string): string },
): FailureDescription | null {
  if (status.state !== 'error') return null;
  const problem = status.error ?? 'unknown problem';
  switch (status.errorCode) {
    case 'port_in_use': {
      const port = context.config?.port ?? status.port;
      const where = context.config ? ` on ${context.config.host}` : '';
      const other = typeof port === 'number' && port > 0 && port < 65535 ? port + 1 : 8318;
      return {
        title: port === null ? 'The port is already in use' : `Port ${port} is already in use`,
        message:
          `Another program is already using port ${port ?? '(unknown)'}${where}, so Switchboard could not start.\n\n` +
          `To use another port, ${context.howToChange('port')} (for example "port: ${other}"), ` +
          'then choose Start proxy in the Switchboard tray menu.\n\n' +
          'Or quit the other program (it may be a running "switchboard serve") and choose Start proxy.',
      };
    }
    case 'settings':
      return {
        title: 'Switchboard could not read its settings',
        message: `${problem}\n\nFix the settings, then choose Start proxy in the Switchboard tray menu.`,
      };
    default:
      return { title: 'Switchboard could not start', message: problem };
  }
}

function sameStatus(a: SwitchboardStatusView, b: SwitchboardStatusView): boolean {
  return a.state === b.state && a.url === b.url && a.port === b.port && a.error === b.error && a.errorCode === b.errorCode;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
