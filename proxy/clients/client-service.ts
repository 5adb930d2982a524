import { homedir } from 'node:os';
import { join } from 'node:path';
import { keyStateRefusal } from '../usage/key-policy.js';
import type { KeyStore } from '../usage/key-store.js';
import { applyClaudeCode, claudeCodeStatus, restoreClaudeCode } from './claude-code/claude-code-config.js';
import { diagnoseClaudeCode } from './claude-code/claude-code-doctor.js';
import {
  ClientConfigError,
  ModelChoiceError,
  MODEL_FLAGS,
  MODEL_SLOTS,
  type ClientEnvironment,
  type ClientId,
  type ClientStatus,
  type ClientTarget,
  type Finding,
  type ModelChoices,
  type ModelSlot,
} from './client-setup.js';
import { applyCodex, codexStatus, restoreCodex } from './codex/codex-config.js';
import { diagnoseCodex } from './codex/codex-doctor.js';
import { describeServed, type ClientWire, type ModelCatalog } from './model-catalog.js';
import { judgeModel, judgeModelName, type ModelReport } from './model-report.js';
import type { ProbeResult } from './server-probe.js';

export const CLIENT_IDS: readonly ClientId[] = ['claude-code', 'codex'];

const CLIENT_NAMES: Record<ClientId, string> = { 'claude-code': 'Claude Code', codex: 'Codex CLI' };

/** The model slots each client has. */
const CLIENT_SLOTS: Record<ClientId, readonly ModelSlot[]> = { 'claude-code': MODEL_SLOTS, codex: ['main'] };

/**
 * Clients whose own default model is not one this Switchboard serves, so configure writes one when none is named.
 * The Codex CLI asks for an OpenAI model of its own choosing (CLIENTS.md); Claude Code's own are Claude models.
 */
const NEEDS_A_MODEL: Record<ClientId, boolean> = { 'claude-code': false, codex: true };

/** The wire each client speaks: a model of a target speaking it too is suggested first (it passes through). */
const CLIENT_WIRE: Record<ClientId, ClientWire> = { 'claude-code': 'anthropic-messages', codex: 'openai-responses' };

export interface ClientServiceOptions {
  keys: KeyStore;
  /** data-dir: the records of what was changed live in data-dir/clients. */
  dataDir: string;
  /** This Switchboard's base URL as clients use it, e.g. http://127.0.0.1:8317. */
  baseUrl: string;
  /** What this Switchboard serves; read only when a model is to be checked or chosen. */
  models: () => Promise<ModelCatalog>;
  home?: string;
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  /** The owner key and config keys are valid too (they are not managed keys). */
  isOwnKey?: (secret: string) => Promise<boolean>;
}

export interface ConfigureRequest {
  /** Models to write, by slot. A slot left out keeps what an earlier configure wrote there. */
  models?: ModelChoices;
  /** Give back the models an earlier configure wrote that `models` does not name. */
  resetModels?: boolean;
  /** Write a named model even when this Switchboard does not serve it. */
  force?: boolean;
}

export interface ConfigureResult {
  path: string;
  changed: string[];
  backupPath: string | null;
  keyId: string;
  /** The model written because the client needs one and none was named or kept (Switchboard's default), or null. */
  defaultModel: string | null;
  /** The models the client will now send, each judged. */
  models: ModelReport[];
}

export interface ClientReport extends Omit<ClientStatus, 'apiKey' | 'models'> {
  name: string;
  /** The key the client sends is an active key of this Switchboard. */
  keyValid: boolean;
  /** Why the client's file could not be read (e.g. invalid TOML, with the line), or null. */
  problem: string | null;
  /** The models the client will send, each judged against what this Switchboard serves. */
  models: ModelReport[];
}

/**
 * One-click setup of the clients on this machine, shared by the CLI and the admin API: configure points a client
 * at this Switchboard with a key of its own and models it serves; restore undoes exactly that and revokes the key.
 */
export class ClientService {
  constructor(private readonly options: ClientServiceOptions) {}

  get environment(): ClientEnvironment {
    return {
      home: this.options.home ?? homedir(),
      platform: this.options.platform ?? process.platform,
      env: this.options.env ?? process.env,
      stateDir: join(this.options.dataDir, 'clients'),
    };
  }

  async configure(client: ClientId, request: ConfigureRequest = {}): Promise<ConfigureResult> {
    const catalog = await this.options.models();
    const given = this.checkedChoices(client, request, catalog);
    // Refuses (ClientConfigError) a file it cannot read, before a key is made or anything is written.
    const before = await this.rawStatus(client);
    const { models, defaultModel } = this.modelsToWrite(client, given, request.resetModels ?? false, before, catalog);
    const reusable = this.reusableKey(before);
    const key = reusable ?? this.options.keys.create({ label: `${CLIENT_NAMES[client]} (set up by Switchboard)`, role: 'client' });
    const target: ClientTarget = { baseUrl: this.options.baseUrl, apiKey: reusable ? reusable.secret : key.secret, models };
    const result = client === 'claude-code' ? await applyClaudeCode(this.environment, target) : await applyCodex(this.environment, target);
    const after = await this.rawStatus(client);
    return {
      path: result.path,
      changed: result.changed,
      backupPath: result.backupPath,
      keyId: reusable ? reusable.record.id : key.record.id,
      defaultModel,
      models: after.models.map((setting) => judgeModel(client, setting, catalog)),
    };
  }

  async restore(client: ClientId): Promise<{ path: string; restored: string[]; mode: string; revokedKey: string | null }> {
    const current = this.reusableKey(await this.rawStatus(client));
    const result = client === 'claude-code' ? await restoreClaudeCode(this.environment) : await restoreCodex(this.environment);
    // The key was made for this client alone: with the client restored, it has no use left.
    const revokedKey = current && result.mode !== 'nothing' && current.record.label.endsWith('(set up by Switchboard)') ? this.options.keys.revoke(current.record.id).id : null;
    return { ...result, revokedKey };
  }

  async status(client: ClientId, catalog?: ModelCatalog): Promise<ClientReport> {
    let status: ClientStatus;
    try {
      status = await this.rawStatus(client);
    } catch (error) {
      if (!(error instanceof ClientConfigError)) throw error;
      return { client, name: CLIENT_NAMES[client], configPath: error.path, configured: false, baseUrl: null, pointsHere: false, keyValid: false, problem: error.message, models: [] };
    }
    const served = catalog ?? (await this.options.models());
    const { apiKey, models, ...rest } = status;
    return {
      ...rest,
      name: CLIENT_NAMES[client],
      keyValid: apiKey !== null && (await this.isValid(apiKey)),
      problem: null,
      models: models.map((setting) => judgeModel(client, setting, served)),
    };
  }

  async doctor(client: ClientId, probe: (baseUrl: string) => Promise<ProbeResult>, cwd?: string): Promise<Finding[]> {
    const catalog = await this.options.models();
    if (client === 'claude-code') {
      return diagnoseClaudeCode(this.environment, { expectedBaseUrl: this.options.baseUrl, cwd, probe, keyIsValid: (key) => this.isValid(key), models: catalog });
    }
    return diagnoseCodex(await this.status('codex', catalog), { probe, suggestedModel: catalog.suggestFor(CLIENT_WIRE.codex)?.model ?? null });
  }

  /** The models named in a request, trimmed and checked: a slot the client has, a name, served here (or forced). */
  private checkedChoices(client: ClientId, request: ConfigureRequest, catalog: ModelCatalog): ModelChoices {
    const choices: ModelChoices = {};
    for (const slot of MODEL_SLOTS) {
      const value = request.models?.[slot];
      if (value === undefined) continue;
      if (!CLIENT_SLOTS[client].includes(slot)) {
        const settings = (slots: readonly ModelSlot[]) => slots.map((name) => `"${name}" (${MODEL_FLAGS[name]})`).join(', ');
        throw new ModelChoiceError(slot, `the ${CLIENT_NAMES[client]} has no ${settings([slot])} model setting; it has ${settings(CLIENT_SLOTS[client])}`);
      }
      const name = value.trim();
      if (name === '' || /\s/.test(name)) throw new ModelChoiceError(slot, `"${value}" is not a model name`);
      const judged = judgeModelName(client, name, catalog);
      if (judged.served === false && request.force !== true) throw new ModelChoiceError(slot, judged.problem ?? `"${name}" is not served here`, true);
      choices[slot] = name;
    }
    return choices;
  }

  /**
   * The target's models: the named ones; with resetModels the others given back; and for a client that needs a
   * model, Switchboard's default unless the one it has is kept (written by an earlier configure and still there,
   * or the person's own that is served here).
   */
  private modelsToWrite(
    client: ClientId,
    given: ModelChoices,
    resetModels: boolean,
    before: ClientStatus,
    catalog: ModelCatalog,
  ): { models: NonNullable<ClientTarget['models']>; defaultModel: string | null } {
    const models: NonNullable<ClientTarget['models']> = { ...given };
    if (resetModels) for (const slot of CLIENT_SLOTS[client]) models[slot] ??= null;
    const suggestion = catalog.suggestFor(CLIENT_WIRE[client]);
    // The slots filled when not named: the main model of a client that needs one; and every model slot of a client
    // whose own choices no account here serves (Claude Code on a ChatGPT-only Switchboard: its Opus, Sonnet and
    // Haiku choices and its background model would all find no account).
    const ownModelsUnserved = suggestion !== null && !suggestion.native;
    const slots: readonly ModelSlot[] = NEEDS_A_MODEL[client] ? ['main'] : ownModelsUnserved ? CLIENT_SLOTS[client] : [];
    let defaultModel: string | null = null;
    for (const slot of slots) {
      if (given[slot] !== undefined) continue;
      const current = before.models.find((setting) => setting.slot === slot);
      const keep = !resetModels && current?.value != null && (current.setBySwitchboard || judgeModelName(client, current.value, catalog).served === true);
      if (keep) continue;
      if (suggestion === null) throw new ModelChoiceError(slot, `the ${CLIENT_NAMES[client]} needs a model, but ${describeServed(catalog)}`);
      models[slot] = suggestion.model;
      if (slot === 'main') defaultModel = suggestion.model;
    }
    return { models, defaultModel };
  }

  /** The key the client's file already holds, when it is an active key of ours (so re-applying changes nothing). */
  private reusableKey(status: ClientStatus): { secret: string; record: NonNullable<ReturnType<KeyStore['findBySecret']>> } | null {
    if (!status.apiKey || !status.configured) return null;
    const record = this.options.keys.findBySecret(status.apiKey);
    return record && this.isActive(status.apiKey) ? { secret: status.apiKey, record } : null;
  }

  private rawStatus(client: ClientId): Promise<ClientStatus> {
    return client === 'claude-code' ? claudeCodeStatus(this.environment, this.options.baseUrl) : codexStatus(this.environment, this.options.baseUrl);
  }

  private async isValid(secret: string): Promise<boolean> {
    return this.isActive(secret) || ((await this.options.isOwnKey?.(secret)) ?? false);
  }

  private isActive(secret: string): boolean {
    const record = this.options.keys.findBySecret(secret);
    return record !== null && keyStateRefusal(record, Date.now()) === null;
  }
}

/** Asks whether something answers at a Switchboard base URL (its /health), without a key. */
