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
  run(config: RunConfig, options: { home?: string; fetch?: typeof fetch }): Promise<{ account: Account; message: string }>;
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
