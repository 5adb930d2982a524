/**
 * What every client configurator shares (Claude Code's settings.json, the Codex CLI's config.toml): where the
 * files live, what Switchboard owns in them, and what it found wrong. Pure Node; the CLI, the admin API, the
 * tray and the dashboard all use the same functions.
 */
import path from 'node:path';

export type ClientId = 'claude-code' | 'codex';

/** Where to look: the user's home (a temporary one in tests), the OS, and the environment for overrides. */
export interface ClientEnvironment {
  home: string;
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  /** Where Switchboard keeps its records of what it changed (data-dir/clients). */
  stateDir: string;
  now?: () => number;
}

/**
 * Path functions of the environment's OS, not necessarily this process's: a Windows home is joined with backslashes
 * wherever the code runs (tests compute Windows paths on Linux).
 */
export function pathApiFor(environment: Pick<ClientEnvironment, 'platform'>): path.PlatformPath {
  return (environment.platform ?? process.platform) === 'win32' ? path.win32 : path.posix;
}

/** What to point a client at. */
export interface ClientTarget {
  /** Switchboard's base URL as clients use it, e.g. http://127.0.0.1:8317 (no /v1). */
  baseUrl: string;
  /** A Switchboard key dedicated to this client. */
  apiKey: string;
  /** Model choices; unset ones are left to the client. */
  models?: {
    /** Claude Code: ANTHROPIC_MODEL; Codex: `model`. */
    main?: string;
    opus?: string;
    sonnet?: string;
    haiku?: string;
    /** Claude Code: ANTHROPIC_SMALL_FAST_MODEL. */
    smallFast?: string;
  };
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  /** What is wrong, in words. */
  message: string;
  /** What to do about it. */
  fix: string;
}

export interface ClientStatus {
  client: ClientId;
  configPath: string;
  /** Switchboard's settings are in the file (from an apply that has not been restored). */
  configured: boolean;
  /** The base URL the client will use, or null. */
  baseUrl: string | null;
  /** It is this Switchboard's base URL. */
  pointsHere: boolean;
  /** The key the client will send, or null (never shown to people: check it, don't print it). */
  apiKey: string | null;
}

/** A file Switchboard will not touch because it cannot read it; the message says where the problem is. */
export class ClientConfigError extends Error {
  constructor(
    readonly path: string,
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(`${path}${line !== null ? `:${line}${column !== null ? `:${column}` : ''}` : ''}: ${message}`);
    this.name = 'ClientConfigError';
  }
}
