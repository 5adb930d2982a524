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

/** The model settings client setup knows: Claude Code has all five, the Codex CLI only `main`. */
export const MODEL_SLOTS = ['main', 'opus', 'sonnet', 'haiku', 'smallFast'] as const;
export type ModelSlot = (typeof MODEL_SLOTS)[number];

/** Model names to write, by slot. */
export type ModelChoices = Partial<Record<ModelSlot, string>>;

/** The option of `switchboard clients configure` for each slot. */
export const MODEL_FLAGS: Readonly<Record<ModelSlot, string>> = { main: '--model', opus: '--opus', sonnet: '--sonnet', haiku: '--haiku', smallFast: '--small-fast' };

/** What to point a client at. */
export interface ClientTarget {
  /** Switchboard's base URL as clients use it, e.g. http://127.0.0.1:8317 (no /v1). */
  baseUrl: string;
  /** A Switchboard key dedicated to this client. */
  apiKey: string;
  /**
   * Models by slot (Claude Code: `main` is ANTHROPIC_MODEL, `smallFast` ANTHROPIC_SMALL_FAST_MODEL; Codex: `main`
   * is `model`). A name sets the slot; null gives it back (to what it held before Switchboard); a slot left out
   * keeps what an earlier configure set there, as long as nobody has changed it since.
   */
  models?: Partial<Record<ModelSlot, string | null>>;
}

/** A model setting the client will use to reach Switchboard, as read from its files or environment. */
export interface ModelSetting {
  slot: ModelSlot;
  /** The setting as the client names it: ANTHROPIC_MODEL, `model`, … */
  setting: string;
  /** Where the value comes from (a file, or "your shell environment"). */
  where: string;
  /** The model name as written, or null when it is not set (the client then picks a model of its own). */
  value: string | null;
  /** Switchboard wrote this value and it is still there: configuring again keeps it. */
  setBySwitchboard: boolean;
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
  /** The model settings the client will send to Switchboard; a slot that is not listed is the client's own choice. */
  models: ModelSetting[];
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

/** A model choice configure refuses: a slot the client does not have, an empty name, or a model not served here. */
export class ModelChoiceError extends Error {
  constructor(
    readonly slot: ModelSlot,
    message: string,
    /** The name is well-formed, only not served: writing it anyway is possible on request (force). */
    readonly forceable = false,
  ) {
    super(message);
    this.name = 'ModelChoiceError';
  }
}
