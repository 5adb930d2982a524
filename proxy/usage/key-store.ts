import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { hashKey } from '../keys/key-ring.js';
import { generateApiKey } from '../keys/owner-key.js';
import { statementCache } from './statement-cache.js';
import type { ApiKeyRecord, KeyRole } from './types.js';
import { cliCommand } from '../cli-command.js';

/** When a key expires: ms epoch, or an ISO 8601 date ("2026-01-31", UTC midnight) or date-time with offset. */
export const expiresAtSchema = z.union([
  z.number().int().positive(),
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((text) => Date.parse(text)),
]);

const name = z.string().trim().min(1).max(200);
const positiveInt = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The fields a key can be created with or changed to; null clears a limit (no limit). */
const fields = {
  owner: name.nullable().optional(),
  expiresAt: expiresAtSchema.nullable().optional(),
  // An empty list would refuse every model: null (the default) is how to allow all.
  allowedModels: z
    .array(name)
    .min(1, 'give at least one model, or null to allow all')
    .max(1000)
    .transform((models) => [...new Set(models)])
    .nullable()
    .optional(),
  monthlyTokenBudget: positiveInt.nullable().optional(),
  monthlyCostBudgetUsd: z.number().positive().max(1e9).nullable().optional(),
  rpmLimit: positiveInt.nullable().optional(),
  concurrencyLimit: positiveInt.nullable().optional(),
  // Pinning: the request goes to this target or account and never elsewhere (checked when a request is routed).
  pinnedTarget: name.nullable().optional(),
  pinnedAccount: name.nullable().optional(),
};

/** A key is pinned to a target or to an account, not both (an account belongs to one target already). */
const onePin = (value: { pinnedTarget?: string | null; pinnedAccount?: string | null }) => !(value.pinnedTarget && value.pinnedAccount);
const ONE_PIN_MESSAGE = 'pin the key to a target or to an account, not both';
const ONE_PIN = () => ({ message: ONE_PIN_MESSAGE, path: ['pinnedAccount'] });

const role = z.enum(['admin', 'client']);

export const keyInputSchema = z.strictObject({ label: name, role: role.default('client'), ...fields }).refine(onePin, ONE_PIN());
export const keyChangesSchema = z.strictObject({ label: name.optional(), role: role.optional(), enabled: z.boolean().optional(), ...fields }).refine(onePin, ONE_PIN());

export type KeyInput = z.input<typeof keyInputSchema>;
export type KeyChanges = z.input<typeof keyChangesSchema>;

/** Why a key operation was refused; the message says what to do instead. */
export class KeyStoreError extends Error {
  constructor(
    readonly reason: 'invalid' | 'not_found' | 'revoked',
    message: string,
    /** The input field at fault, for `invalid`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

/** The `api_keys` row (migration 1 in migrations.ts). */
interface KeyRow {
  id: string;
  hash: string;
  prefix: string;
  label: string;
  owner: string | null;
  role: KeyRole;
  created_at: number;
  last_used_at: number | null;
  enabled: number;
  expires_at: number | null;
  allowed_models: string | null;
  monthly_token_budget: number | null;
  monthly_cost_budget_usd: number | null;
  rpm_limit: number | null;
  concurrency_limit: number | null;
  pinned_target: string | null;
  pinned_account: string | null;
  revoked_at: number | null;
}

/** Record field → column, for the fields an update may set (column names never come from the caller). */
const COLUMNS = {
  label: 'label',
  owner: 'owner',
  role: 'role',
  enabled: 'enabled',
  expiresAt: 'expires_at',
  allowedModels: 'allowed_models',
  monthlyTokenBudget: 'monthly_token_budget',
  monthlyCostBudgetUsd: 'monthly_cost_budget_usd',
  rpmLimit: 'rpm_limit',
  concurrencyLimit: 'concurrency_limit',
  pinnedTarget: 'pinned_target',
  pinnedAccount: 'pinned_account',
} as const satisfies Record<keyof z.output<typeof keyChangesSchema>, keyof KeyRow>;

/** How long `touch` waits before writing last_used_at again for the same key: one write a minute, not one a request. */
const TOUCH_INTERVAL_MS = 60_000;

/** The visible start of a secret, enough to recognise it in a list ("sk-sb-AbCd"); the rest is never stored. */
const PREFIX_LENGTH = 10;

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new KeyStoreError('invalid', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid value'}`, field || undefined);
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    owner: row.owner,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    enabled: row.enabled === 1,
    expiresAt: row.expires_at,
    allowedModels: row.allowed_models === null ? null : (JSON.parse(row.allowed_models) as string[]),
    monthlyTokenBudget: row.monthly_token_budget,
    monthlyCostBudgetUsd: row.monthly_cost_budget_usd,
    rpmLimit: row.rpm_limit,
    concurrencyLimit: row.concurrency_limit,
    pinnedTarget: row.pinned_target,
    pinnedAccount: row.pinned_account,
    revokedAt: row.revoked_at,
  };
}

/** A record value as its column value (booleans as 0/1, the model list as JSON). */
function toColumn(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value as string | number;
}

/**
 * The managed API keys in the `api_keys` table. A secret is shown once, at creation, and stored only as its
 * SHA-256; lists and lookups never see it again.
 */
export class KeyStore {
  private readonly lastTouched = new Map<string, number>();
  /** findBySecret and touch run on every request of a managed key: each SQL text is prepared once. */
  private readonly statement: (sql: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statement = statementCache(db);
  }

  create(input: KeyInput): { record: ApiKeyRecord; secret: string } {
    const key = parse(keyInputSchema, input);
    const now = this.now();
    if (key.expiresAt != null && key.expiresAt <= now) {
      throw new KeyStoreError('invalid', `expiresAt: ${new Date(key.expiresAt).toISOString()} is in the past; give a future date, or leave it out for a key that never expires`, 'expiresAt');
    }
    const secret = generateApiKey();
    const row: KeyRow = {
      id: `key_${randomBytes(6).toString('hex')}`,
      hash: hashKey(secret).toString('hex'),
      prefix: secret.slice(0, PREFIX_LENGTH),
      label: key.label,
      owner: key.owner ?? null,
      role: key.role,
      created_at: now,
      last_used_at: null,
      enabled: 1,
      expires_at: key.expiresAt ?? null,
      allowed_models: key.allowedModels ? JSON.stringify(key.allowedModels) : null,
      monthly_token_budget: key.monthlyTokenBudget ?? null,
      monthly_cost_budget_usd: key.monthlyCostBudgetUsd ?? null,
      rpm_limit: key.rpmLimit ?? null,
      concurrency_limit: key.concurrencyLimit ?? null,
      pinned_target: key.pinnedTarget ?? null,
      pinned_account: key.pinnedAccount ?? null,
      revoked_at: null,
    };
    const columns = Object.keys(row);
    this.statement(`INSERT INTO api_keys (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run(row);
    return { record: toRecord(row), secret };
  }

  /** Every key, revoked ones included (they stay for the usage history), oldest first. */
  list(): ApiKeyRecord[] {
    return (this.statement('SELECT * FROM api_keys ORDER BY created_at, id').all() as KeyRow[]).map(toRecord);
  }

  get(id: string): ApiKeyRecord | null {
    const row = this.statement('SELECT * FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Changes the given fields (null clears a limit). A revoked key is frozen: it can never be enabled again. */
  update(id: string, changes: KeyChanges): ApiKeyRecord {
    const parsed = parse(keyChangesSchema, changes);
    const apply = this.db.transaction(() => {
      const current = this.require(id);
      if (current.revokedAt !== null) {
        throw new KeyStoreError('revoked', `key "${id}" was revoked and cannot be changed; create a new key instead`);
      }
      if (!onePin({ pinnedTarget: parsed.pinnedTarget === undefined ? current.pinnedTarget : parsed.pinnedTarget, pinnedAccount: parsed.pinnedAccount === undefined ? current.pinnedAccount : parsed.pinnedAccount })) {
        throw new KeyStoreError('invalid', `pinnedAccount: ${ONE_PIN_MESSAGE} (clear the other pin with null)`, 'pinnedAccount');
      }
      const entries = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((field) => parsed[field] !== undefined);
      if (entries.length > 0) {
        const assignments = entries.map((field) => `${COLUMNS[field]} = @${field}`).join(', ');
        const values = Object.fromEntries(entries.map((field) => [field, toColumn(parsed[field])]));
        this.statement(`UPDATE api_keys SET ${assignments} WHERE id = @id`).run({ ...values, id });
      }
      return this.require(id);
    });
    return apply();
  }

  /** Revokes a key for good (enabled 0 and revoked_at); revoking it again changes nothing. */
  revoke(id: string): ApiKeyRecord {
    const revoke = this.db.transaction(() => {
      this.require(id);
      this.statement('UPDATE api_keys SET enabled = 0, revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(this.now(), id);
      return this.require(id);
    });
    return revoke();
  }

  /**
   * The key whose secret this is (also when disabled, revoked or expired: KeyPolicy says why it is refused).
   *
   * Looked up by its SHA-256 through the unique index rather than compared in constant time: the time an index
   * lookup takes can only reveal how much of the *hash* matched a stored one, and steering a hash towards a
   * chosen prefix needs SHA-256 preimages, so this is no timing oracle on the secret.
   */
  findBySecret(secret: string): ApiKeyRecord | null {
    const row = this.statement('SELECT * FROM api_keys WHERE hash = ?').get(hashKey(secret).toString('hex')) as KeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Notes that a key was used: at most one write a minute per key, so a busy key does not cost a write per request. */
  touch(id: string): void {
    const now = this.now();
    const last = this.lastTouched.get(id);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(id, now);
    this.statement('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  private require(id: string): ApiKeyRecord {
    const record = this.get(id);
    if (!record) throw new KeyStoreError('not_found', `no API key with id "${id}" (list them with \`${cliCommand('keys list')}\` or GET /admin/keys)`);
    return record;
  }
}
