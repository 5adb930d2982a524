/** The answers of /admin/clients/… read with defaults (never trusted as they come), and a client's state in words. */
import type { ClientId } from '../../../proxy/clients/client-setup.js';
import { isRecord } from '../is-record';

export interface ClientState {
  client: ClientId;
  name: string;
  configPath: string;
  configured: boolean;
  baseUrl: string | null;
  pointsHere: boolean;
  keyValid: boolean;
  problem: string | null;
  /** The model settings the client sends now (GET /admin/clients `models`); a slot not listed is the client's own choice. */
  models: ClientModel[];
}

export interface ClientModel {
  slot: keyof ModelChoices;
  /** The name as the client's settings hold it; null when it is not set (the client then picks one of its own). */
  value: string | null;
  /** Why requests with it fail here (this Switchboard does not serve it), or null. */
  problem: string | null;
}

export interface ModelChoices {
  main?: string;
  opus?: string;
  sonnet?: string;
  haiku?: string;
  smallFast?: string;
}

export interface ConfigureOutcome {
  path: string;
  changed: string[];
  backupPath: string | null;
  keyId: string;
  status: ClientState | null;
}

export interface RestoreOutcome {
  mode: 'backup' | 'keys' | 'nothing';
  restored: string[];
  revokedKey: string | null;
  status: ClientState | null;
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix: string | null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const NAMES: Record<ClientId, string> = { 'claude-code': 'Claude Code', codex: 'Codex CLI' };

const SLOTS: readonly (keyof ModelChoices)[] = ['main', 'opus', 'sonnet', 'haiku', 'smallFast'];

function parseModels(value: unknown): ClientModel[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((model) => {
    const slot = SLOTS.find((candidate) => candidate === model.slot);
    return slot ? [{ slot, value: str(model.value), problem: str(model.problem) }] : [];
  });
}

export function parseClient(value: unknown): ClientState | null {
  if (!isRecord(value) || (value.client !== 'claude-code' && value.client !== 'codex')) return null;
  return {
    client: value.client,
    name: str(value.name) ?? NAMES[value.client],
    configPath: str(value.configPath) ?? '',
    configured: value.configured === true,
    baseUrl: str(value.baseUrl),
    pointsHere: value.pointsHere === true,
    keyValid: value.keyValid === true,
    problem: str(value.problem),
    models: parseModels(value.models),
  };
}

export function parseClients(body: unknown): ClientState[] {
  if (!isRecord(body) || !Array.isArray(body.clients)) throw new Error('The proxy sent a clients answer this page does not understand.');
  return body.clients.map(parseClient).filter((c): c is ClientState => c !== null);
}

export function parseConfigure(body: unknown): ConfigureOutcome {
  const b = isRecord(body) ? body : {};
  return { path: str(b.path) ?? '', changed: strings(b.changed), backupPath: str(b.backupPath), keyId: str(b.keyId) ?? '', status: parseClient(b.status) };
}

export function parseRestore(body: unknown): RestoreOutcome {
  const b = isRecord(body) ? body : {};
  const mode = b.mode === 'backup' || b.mode === 'keys' ? b.mode : 'nothing';
  return { mode, restored: strings(b.restored), revokedKey: str(b.revokedKey), status: parseClient(b.status) };
}

export function parseFindings(body: unknown): Finding[] {
  if (!isRecord(body) || !Array.isArray(body.findings)) throw new Error('The proxy sent a doctor answer this page does not understand.');
  return body.findings.filter(isRecord).map((f) => ({
    severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
    message: str(f.message) ?? '',
    fix: str(f.fix) || null,
  }));
}

/** Only the model fields that were filled in; undefined when none were. */
export function cleanModels(models: ModelChoices): ModelChoices | undefined {
  const out: ModelChoices = {};
  for (const [k, v] of Object.entries(models) as [keyof ModelChoices, string | undefined][]) {
    const trimmed = v?.trim();
    if (trimmed) out[k] = trimmed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The model each slot of the client holds now, by slot (a slot the client picks itself is left out). */
export function currentModels(client: Pick<ClientState, 'models'>): ModelChoices {
  const current: ModelChoices = {};
  for (const model of client.models) if (model.value !== null) current[model.slot] = model.value;
  return current;
}

/**
 * What configure should write: the fields changed from what the client holds now, trimmed. A field left as it is
 * is not sent (configure keeps it), nor is one emptied (configure keeps that too: a slot it is not sent keeps its
 * model). Undefined when nothing changed.
 */
export function changedModels(shown: ModelChoices, current: ModelChoices): ModelChoices | undefined {
  const filled = cleanModels(shown) ?? {};
  const changed: ModelChoices = {};
  for (const slot of SLOTS) if (filled[slot] !== undefined && filled[slot] !== current[slot]) changed[slot] = filled[slot];
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/** The client's state in words, one sentence per fact, problems first. */
export function describeClient(c: ClientState): { ok: boolean; lines: string[] } {
  if (c.problem) return { ok: false, lines: [`Switchboard cannot read ${c.configPath || 'its settings file'}: ${c.problem}`] };
  if (!c.configured && !c.baseUrl) return { ok: false, lines: [`Not set up for Switchboard yet (${c.configPath || 'no settings file'}).`] };
  const lines: string[] = [];
  lines.push(c.configured ? 'Set up by Switchboard.' : 'Not set up by Switchboard.');
  if (c.pointsHere) lines.push(`Points at this Switchboard (${c.baseUrl}).`);
  else if (c.baseUrl) lines.push(`Points somewhere else: ${c.baseUrl} — not this Switchboard (wrong port or host?).`);
  else lines.push('Has no base URL: it talks to its provider directly.');
  lines.push(c.keyValid ? 'Its key is valid here.' : 'Its key is not a valid key of this Switchboard.');
  return { ok: c.configured && c.pointsHere && c.keyValid, lines };
}
