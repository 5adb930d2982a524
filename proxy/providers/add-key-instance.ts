import { createHash } from 'node:crypto';
import { z } from 'zod';
import { instanceTargetId, type Account, type AccountFile } from '../accounts/account-file.js';
import type { TokenStore } from '../accounts/token-store.js';
import type { ApiKeyField } from './catalog.js';
import type { ProviderModule } from './provider-module.js';

/** What a person gives to add a key (CLI, admin API, dashboard): the fields of the module's `api-key` login method. */
export const keyInstanceInputSchema = z.strictObject({
  instance: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a name such as "work" (lower case, digits, - and _; up to 40)'),
  base_url: z.string().trim().optional(),
  /** A list, or one comma-separated string as a form or a flag gives it. */
  models: z.union([z.array(z.string()), z.string()]).optional(),
  key: z.string().trim().optional(),
});

export type KeyInstanceInput = z.input<typeof keyInstanceInputSchema>;

/** A key that cannot be added: the message names the field and never the key. */
export class KeyInstanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyInstanceError';
  }
}

/** The fields a module asks for to add a key, or null when it takes no keys. */
export function apiKeyFields(module: ProviderModule): readonly ApiKeyField[] | null {
  const method = module.loginMethods.find((candidate) => candidate.kind === 'api-key');
  return method?.kind === 'api-key' ? method.fields : null;
}

/**
 * Adds a key to a named instance of an API-key provider: one account file in auth-dir (0600, sealed where the store
 * seals tokens) that carries the instance's settings, so the instance exists once the file does. A second key of
 * the same instance is a second file; the same key again updates its file. The account file is validated by the
 * module's own part before it is written.
 */
export async function addKeyInstance(store: TokenStore, module: ProviderModule, raw: unknown): Promise<Account> {
  const fields = apiKeyFields(module);
  if (!fields) throw new KeyInstanceError(`${module.displayName} takes no API keys`);
  const parsed = keyInstanceInputSchema.safeParse(raw);
  if (!parsed.success) {
    // Zod's messages name the field and the rule; the input (a key) is never quoted.
    throw new KeyInstanceError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  const input = parsed.data;
  const given = { instance: input.instance, base_url: input.base_url || undefined, models: modelList(input.models), key: input.key || undefined };
  for (const field of fields) {
    if (field.required && (given[field.name] === undefined || (Array.isArray(given[field.name]) && given.models?.length === 0))) {
      throw new KeyInstanceError(`${field.name}: ${field.label} is required for ${module.displayName}`);
    }
  }
  const data: AccountFile = {
    provider: module.id,
    instance: given.instance,
    // A keyless instance (a local server) still has a file: its token is a placeholder sent nowhere.
    access_token: given.key ?? 'keyless',
    ...(given.key ? {} : { keyless: true }),
    ...(given.base_url ? { base_url: given.base_url } : {}),
    ...(given.models?.length ? { models: given.models } : {}),
    label: instanceTargetId(module.id, given.instance),
    source: 'api-key',
  };
  const part = module.accountPart.safeParse(data);
  if (!part.success) throw new KeyInstanceError(part.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return store.upsert(data, `${given.instance}-${keyDigest(given.key ?? 'keyless')}`);
}

function modelList(models: string[] | string | undefined): string[] | undefined {
  if (models === undefined) return undefined;
  const list = (Array.isArray(models) ? models : models.split(',')).map((model) => model.trim()).filter((model) => model !== '');
  return list.length > 0 ? list : undefined;
}

/** A few hex digits of the key's hash: tells two keys' files apart without naming the key. */
function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
