import { callerOf } from './api-key.js';

/**
 * Whether this request's caller may see the owner's accounts named — their ids, e-mails and organizations. Admin
 * keys may (the owner key, config keys, managed keys with role admin); a managed client key is someone else's way
 * into the owner's subscriptions and may not. The server log always names them.
 */
export function showsAccounts(locals: Record<string, unknown>): boolean {
  return callerOf(locals)?.role === 'admin';
}
