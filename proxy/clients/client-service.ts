import { homedir } from 'node:os';
import { join } from 'node:path';
import { keyStateRefusal } from '../usage/key-policy.js';
import type { KeyStore } from '../usage/key-store.js';
import { applyClaudeCode, claudeCodeStatus, restoreClaudeCode } from './claude-code/claude-code-config.js';
import { diagnoseClaudeCode } from './claude-code/claude-code-doctor.js';
import { ClientConfigError, type ClientEnvironment, type ClientId, type ClientStatus, type ClientTarget, type Finding } from './client-setup.js';
import { applyCodex, codexStatus, restoreCodex } from './codex/codex-config.js';
import { cliCommand } from '../cli-command.js';

export const CLIENT_IDS: readonly ClientId[] = ['claude-code', 'codex'];

const CLIENT_NAMES: Record<ClientId, string> = { 'claude-code': 'Claude Code', codex: 'Codex CLI' };

export interface ClientServiceOptions {
  keys: KeyStore;
  /** data-dir: the records of what was changed live in data-dir/clients. */
  dataDir: string;
  /** This Switchboard's base URL as clients use it, e.g. http://127.0.0.1:8317. */
  baseUrl: string;
  home?: string;
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  /** The owner key and config keys are valid too (they are not managed keys). */
  isOwnKey?: (secret: string) => Promise<boolean>;
}

export interface ClientReport extends Omit<ClientStatus, 'apiKey'> {
  name: string;
  /** The key the client sends is an active key of this Switchboard. */
  keyValid: boolean;
  /** Why the client's file could not be read (e.g. invalid TOML, with the line), or null. */
  problem: string | null;
}

/**
 * One-click setup of the clients on this machine, shared by the CLI and the admin API: configure points a client
 * at this Switchboard with a key of its own; restore undoes exactly that and revokes the key.
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

  async configure(client: ClientId, models: ClientTarget['models'] = {}): Promise<{ path: string; changed: string[]; backupPath: string | null; keyId: string }> {
    const reusable = await this.currentKey(client);
    const key = reusable ?? this.options.keys.create({ label: `${CLIENT_NAMES[client]} (set up by Switchboard)`, role: 'client' });
    const target: ClientTarget = { baseUrl: this.options.baseUrl, apiKey: reusable ? reusable.secret : key.secret, models };
    const result = client === 'claude-code' ? await applyClaudeCode(this.environment, target) : await applyCodex(this.environment, target);
    return { ...result, keyId: reusable ? reusable.record.id : key.record.id };
  }

  async restore(client: ClientId): Promise<{ path: string; restored: string[]; mode: string; revokedKey: string | null }> {
    const current = await this.currentKey(client);
    const result = client === 'claude-code' ? await restoreClaudeCode(this.environment) : await restoreCodex(this.environment);
    // The key was made for this client alone: with the client restored, it has no use left.
    const revokedKey = current && result.mode !== 'nothing' && current.record.label.endsWith('(set up by Switchboard)') ? this.options.keys.revoke(current.record.id).id : null;
    return { ...result, revokedKey };
  }

  async status(client: ClientId): Promise<ClientReport> {
    let status: ClientStatus;
    try {
      status = await this.rawStatus(client);
    } catch (error) {
      if (!(error instanceof ClientConfigError)) throw error;
      return { client, name: CLIENT_NAMES[client], configPath: error.path, configured: false, baseUrl: null, pointsHere: false, keyValid: false, problem: error.message };
    }
    const { apiKey, ...rest } = status;
    return { ...rest, name: CLIENT_NAMES[client], keyValid: apiKey !== null && (await this.isValid(apiKey)), problem: null };
  }

  async doctor(client: ClientId, probe: (baseUrl: string) => Promise<'ok' | 'unreachable'>, cwd?: string): Promise<Finding[]> {
    if (client === 'claude-code') {
      return diagnoseClaudeCode(this.environment, { expectedBaseUrl: this.options.baseUrl, cwd, probe, keyIsValid: (key) => this.isValid(key) });
    }
    const status = await this.status('codex');
    const findings: Finding[] = [];
    if (status.problem) {
      findings.push({ severity: 'error', message: status.problem, fix: 'fix the file (Switchboard never overwrites a file it cannot read), then configure again' });
    } else if (!status.configured && !status.pointsHere) {
      findings.push({ severity: 'error', message: 'the Codex CLI is not set up for this Switchboard', fix: `run \`${cliCommand('clients configure codex')}\`` });
    } else if (!status.keyValid) {
      findings.push({ severity: 'error', message: 'the key the Codex CLI sends is not an active key of this Switchboard', fix: `run \`${cliCommand('clients configure codex')}\` again` });
    }
    if (status.baseUrl && (await probe(status.baseUrl)) === 'unreachable') {
      findings.push({ severity: 'error', message: `nothing answers at ${status.baseUrl}`, fix: 'start Switchboard (`npm run serve`), or configure again if the port changed' });
    }
    return findings;
  }

  /** The key the client's file already holds, when it is an active key of ours (so re-applying changes nothing). */
  private async currentKey(client: ClientId): Promise<{ secret: string; record: NonNullable<ReturnType<KeyStore['findBySecret']>> } | null> {
    const status = await this.rawStatus(client);
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
export async function probeSwitchboard(baseUrl: string): Promise<'ok' | 'unreachable'> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
