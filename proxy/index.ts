/**
 * The public entry of proxy/: the desktop shell (main/) and the CLI use Switchboard only through this file.
 */
import { EventEmitter } from 'node:events';
import type { Config } from './config/load.js';
import type { ConfigReloader } from './config/config-reload.js';
import { describeListenError } from './http/listen-error.js';
import type { CollectAfterLoadOptions } from './http/collect-after-load.js';
import { startServer, type RunningServer } from './http/server.js';
import type { ClientService } from './clients/client-service.js';
import { withClientService } from './clients/standalone-client-service.js';

export { loadConfigFile, validateConfig, defaultAppDirs, defaultConfigPath, type Config, type AppDirs } from './config/load.js';
export { ConfigError } from './config/config-error.js';
export { createLogger, configureLogging, type Logger } from './log.js';
export { ensureOwnerKey, rotateOwnerKey, readOwnerKey } from './keys/owner-key.js';
export type { Account } from './accounts/account-file.js';
export { useSecretSealer, type SecretSealer } from './accounts/secret-sealing.js';
export { ImportError } from './providers/import-error.js';
export { findProviderModule, providerCatalog } from './providers/index.js';
export type { DeviceCodeLogin, Importer, PageLogin, PolledLogin, ProviderModule, WindowLoginRunner } from './providers/provider-module.js';
export { waitForLogin, type LoginWaitOutcome } from './providers/poll-login.js';
export type { ProviderCatalogEntry } from './providers/catalog.js';
export { LoginError } from './providers/login-error.js';
export { CLIENT_IDS, type ClientReport } from './clients/client-service.js';
export { ClientConfigError, type ClientId } from './clients/client-setup.js';
export { clientBaseUrl } from './clients/client-base-url.js';

/** Configure, restore and check a client on this machine (Claude Code, the Codex CLI). */
export type ClientSetup = Pick<ClientService, 'status' | 'configure' | 'restore'>;

/**
 * Client setup outside an HTTP request, e.g. from the desktop tray: the same ClientService the admin API and
 * `switchboard clients` use, on a database connection of its own that is closed when `use` settles.
 */
export function withClientSetup<T>(config: Config, baseUrl: string, use: (clients: ClientSetup) => Promise<T>): Promise<T> {
  return withClientService(config, baseUrl, use);
}

export type SwitchboardState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

export interface SwitchboardStatus {
  state: SwitchboardState;
  /** Base URL clients use, e.g. http://127.0.0.1:8317 (null unless running). */
  url: string | null;
  port: number | null;
  /** What went wrong, in words, when state is "error" (e.g. the port is in use). */
  error: string | null;
  /** Set when the error is a port already taken, so a shell can offer another. */
  errorCode: 'port_in_use' | 'other' | null;
}

/** I/O the proxy uses, passed in so tests and the desktop shell can supply their own. */
export interface SwitchboardDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Follows the config file while running (the CLI's `serve`); see proxy/config/config-reload.ts. */
  settings?: ConfigReloader;
  /** How the memory a load used is given back once the server is quiet; see proxy/http/collect-after-load.ts. */
  afterLoad?: CollectAfterLoadOptions;
}

export interface Switchboard {
  start(): Promise<SwitchboardStatus>;
  stop(): Promise<void>;
  status(): SwitchboardStatus;
  readonly events: EventEmitter<{ status: [SwitchboardStatus] }>;
}

export function createSwitchboard(config: Config, deps: SwitchboardDeps = {}): Switchboard {
  const events = new EventEmitter<{ status: [SwitchboardStatus] }>();
  let status: SwitchboardStatus = { state: 'stopped', url: null, port: null, error: null, errorCode: null };
  let server: RunningServer | null = null;

  const setStatus = (next: SwitchboardStatus): SwitchboardStatus => {
    status = next;
    events.emit('status', next);
    return next;
  };

  return {
    events,
    status: () => status,
    async start() {
      if (server) return status;
      setStatus({ ...status, state: 'starting', error: null, errorCode: null });
      try {
        server = await startServer(config, deps);
        return setStatus({ state: 'running', url: server.url, port: server.port, error: null, errorCode: null });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message = describeListenError(error, config.host, config.port);
        return setStatus({ state: 'error', url: null, port: null, error: message, errorCode: code === 'EADDRINUSE' ? 'port_in_use' : 'other' });
      }
    },
    async stop() {
      if (!server) return;
      setStatus({ ...status, state: 'stopping' });
      const running = server;
      server = null;
      await running.close();
      setStatus({ state: 'stopped', url: null, port: null, error: null, errorCode: null });
    },
  };
}
