import type { z } from 'zod';
import type { Account, AccountFile } from '../accounts/account-file.js';
import type { ProtocolId } from '../protocols/protocol.js';
import type { CredentialKind, LoginMethod, QuotaSource } from './catalog.js';
import type { Target } from './provider.js';

/** Copies a login another tool already holds on this machine (Claude Code's, say). */
export interface Importer<RunConfig = unknown> {
  /** The source's id, as `switchboard import <id>` and POST /admin/accounts/import name it. */
  id: string;
  label: string;
  /** `from`: the file the tool keeps its login in, when not where it keeps it by default (an importer of a file reads it). */
  run(config: RunConfig, options: { home?: string; from?: string; fetch?: typeof fetch }): Promise<{ account: Account; message: string }>;
}

/** A paste-code login in progress (the admin API holds it between its two requests). */
export interface PasteCodeLogin {
  /** The authorize address the person opens. */
  readonly url: string;
  /** The account this login renews, or null for a new account. */
  readonly renews: string | null;
  /** True while a pasted code is being exchanged. */
  readonly finishing: boolean;
  /** True once it succeeded or the provider refused the code: only a new login can log in then. */
  readonly over: boolean;
  /** Finishes with what was pasted; a `LoginError` (providers/login-error.ts) says whether another paste may follow. */
  finish(pasted: string): Promise<Account>;
}

/** A loopback login as the desktop app runs it: in its own window, which catches the redirect itself. */
export interface WindowLoginRunner<RunConfig = unknown> {
  /** The address the window opens, and the redirect that ends the login with the code to exchange. */
  start(config: RunConfig, target: { renews: string | null }): Promise<{ url: string; callback: { redirectUri: string; state: string; finish(code: string): Promise<Account> } }>;
  /** The same login in the system browser with a loopback listener, for sign-in pages that refuse app windows. */
  inBrowser(config: RunConfig, options: { openExternal(url: string): Promise<void>; signal: AbortSignal; print(text: string): void }, target: { renews: string | null }): Promise<Account>;
}

/**
 * What one poll of a waiting login found (device-code and poll methods): still `pending`; `slow-down`, asked to
 * poll less often; `done`, with the account saved; `refused`, with the reason in words; or `expired` (the code or
 * page is no longer good). A provider's poll function answers one of these and never waits itself.
 */
export type PollAnswer =
  | { kind: 'pending' }
  | { kind: 'slow-down' }
  | { kind: 'done'; account: Account }
  | { kind: 'refused'; reason: string }
  | { kind: 'expired' };

/**
 * How often a waiting login polls, as the provider declares it; the shared waiter (providers/poll-login.ts) does
 * the waiting. The first poll comes `intervalMs` after the start.
 */
export interface PollSchedule {
  intervalMs: number;
  /** The delay grows by `factor` after each pending answer, up to `maxIntervalMs` (none: a fixed interval). */
  backoff?: { factor: number; maxIntervalMs: number };
  /** What a slow-down answer adds to the interval (RFC 8628 §3.5: 5 seconds). */
  slowDownMs: number;
  /** The login gives up after this long (the code's or page's own life). */
  expiresInMs: number;
  /** The login gives up after this many polls (none: only the time bounds it). */
  maxPolls?: number;
}

/** A started login that the shared waiter polls until it ends. */
export interface PolledLogin {
  readonly schedule: PollSchedule;
  /** Asks once whether the person has finished; `signal` cancels the request. */
  pollOnce(signal: AbortSignal): Promise<PollAnswer>;
}

/** A device-code login in progress: the person enters `userCode` at `verificationUrl` (PROTOCOLS.md §2 "Login B"). */
export interface DeviceCodeLogin extends PolledLogin {
  readonly userCode: string;
  readonly verificationUrl: string;
}

/** A page-and-poll login in progress: the person opens `url`, a status endpoint says when it is done (PROTOCOLS.md §3). */
export interface PageLogin extends PolledLogin {
  readonly url: string;
}

/** What starting a waiting login is for and with. */
export interface PolledLoginOptions {
  /** The account this login renews, or null for a new account. */
  renews: string | null;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** What carries out the login methods a module declares (keyed by kind); the CLI, the admin API and the desktop app call these. */
export interface LoginRunners<RunConfig = unknown> {
  loopback?(config: RunConfig, io: { print(text: string): void; openBrowser: boolean }): Promise<Account>;
  /** The loopback method in the desktop app's window. */
  window?: WindowLoginRunner<RunConfig>;
  pasteCode?: {
    /** In a terminal: print the address, read pasted lines until one works. */
    inTerminal(config: RunConfig, io: { print(text: string): void; readLine(prompt: string): Promise<string> }): Promise<Account>;
    /** From the admin API: start, and finish later with `finish(pasted)`. */
    start(config: RunConfig, options: { renews: string | null; now?: () => number; fetch?: typeof fetch }): Promise<PasteCodeLogin>;
  };
  /** The device-code method: asks the provider for a code; the shared waiter polls it (providers/poll-login.ts). */
  deviceCode?: { start(config: RunConfig, options: PolledLoginOptions): Promise<DeviceCodeLogin> };
  /** The poll method: makes the page to open; the shared waiter polls its status (providers/poll-login.ts). */
  poll?: { start(config: RunConfig, options: PolledLoginOptions): Promise<PageLogin> };
}

export interface TargetDeps {
  fetch: typeof fetch;
  /**
   * The module's own account files in auth-dir (valid ones): a provider whose targets are named instances (an API
   * key's) reads each instance's settings from them, so an instance is added by writing its key file.
   */
  accountFiles: readonly AccountFile[];
  /** Bounds calls that are not model requests (token refresh, model list, usage). */
  refreshTimeoutMs: number;
}

/**
 * A provider module: everything Switchboard knows about one provider, declared in its own folder and listed by
 * one line in providers/index.ts. The config schema, the account files, the CLI's login and import, the admin API
 * and the provider catalog are all built from these declarations.
 */
/**
 * `RunConfig` is the part of the whole config the module's logins and importers read, declared by the module
 * structurally (the whole config is built from the modules, so they cannot name its type).
 */
export interface ProviderModule<Id extends string = string, SectionSchema extends z.ZodType = z.ZodType, RunConfig = unknown> {
  readonly id: Id;
  /** The name a person knows, e.g. "Claude". */
  readonly displayName: string;
  /** Its section of the config (`providers.<id>`): every field has a default, so an empty section is valid. */
  readonly configSchema: SectionSchema;
  /** Its part of an account file, besides the common core (accounts/account-file.ts). */
  readonly accountPart: z.ZodType;
  readonly credentialKinds: readonly CredentialKind[];
  readonly protocol: ProtocolId;
  readonly loginMethods: readonly LoginMethod[];
  readonly logins: LoginRunners<RunConfig>;
  readonly importers: readonly Importer<RunConfig>[];
  /** What the provider allows, in words (PROTOCOLS.md §1), shown before a login; null when there is nothing to say. */
  readonly policyNote: string | null;
  readonly quotaSources: readonly QuotaSource[];
  /** The targets its config section makes (none when it is turned off). */
  createTargets(section: z.output<SectionSchema>, deps: TargetDeps): Target[];
}
