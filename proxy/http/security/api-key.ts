import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { hashKey, type KeyRing } from '../../keys/key-ring.js';
import { keyStateRefusal } from '../../usage/key-policy.js';
import type { ApiKeyRecord, KeyRole } from '../../usage/types.js';
import { ApiError } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';
import { cliCommand } from '../../cli-command.js';

/** Keys a client presents: `x-api-key` and/or `Authorization: Bearer` (Claude Code may send both). */
export function presentedKeys(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) keys.push(apiKey.trim());
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  if (match?.[1]?.trim()) keys.push(match[1].trim());
  return keys;
}

/** Who is calling: the owner key and config keys are admins; managed keys carry their own role and limits. */
export interface Caller {
  keyId: string;
  role: KeyRole;
  managed: ApiKeyRecord | null;
}

/** Managed keys, looked up by their secret's hash (usage/key-store.ts). */
export interface KeyDirectory {
  findBySecret(secret: string): ApiKeyRecord | null;
  touch(id: string): void;
}

export function callerOf(locals: Record<string, unknown>): Caller | null {
  return (locals.caller as Caller | undefined) ?? null;
}

export function requireApiKey(keys: KeyRing, managed: KeyDirectory | null): RequestHandler {
  return (req, res, next) => {
    const presented = presentedKeys(req.headers);
    const shape = errorShapeFor(req);
    const refuse = (message: string) => sendApiError(res, new ApiError(401, 'authentication', message, { code: 'invalid_api_key' }), shape);
    if (presented.length === 0) {
      refuse(`missing API key: send your Switchboard key as "x-api-key" or "Authorization: Bearer" (see \`${cliCommand('key show')}\`)`);
      return;
    }
    keys.identify(presented).then(
      (ownKey) => {
        const caller = ownKey ? { keyId: ownKey, role: 'admin' as const, managed: null } : managedCaller(managed, presented);
        if (typeof caller === 'string') return refuse(caller);
        res.locals.caller = caller;
        res.locals.keyId = caller.keyId;
        // Names the caller without the key itself (sticky sessions for clients that send no session id).
        res.locals.apiKeyHash = hashKey(presented[0] ?? '').toString('hex').slice(0, 16);
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/** A managed key's caller, or why it cannot call. */
function managedCaller(managed: KeyDirectory | null, presented: readonly string[]): Caller | string {
  // A unique-index lookup by SHA-256 does not reveal the secret through timing: the hash is what is compared.
  const record = managed ? presented.map((secret) => managed.findBySecret(secret)).find((found) => found !== null) : undefined;
  if (!record || !managed) return 'invalid API key: it is not a key of this Switchboard';
  const unusable = keyStateRefusal(record, Date.now());
  if (unusable) return unusable.message;
  managed.touch(record.id);
  return { keyId: record.id, role: record.role, managed: record };
}

/** The admin API needs an admin key (the owner key, a config key, or a managed key with role admin). */
export const requireAdmin: RequestHandler = (req, res, next) => {
  if (callerOf(res.locals)?.role === 'admin') return next();
  sendApiError(res, new ApiError(403, 'permission', 'this key is a client key: the admin API needs an admin key (the owner key, or one created with role admin)'), errorShapeFor(req));
};
