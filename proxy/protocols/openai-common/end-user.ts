import type { IRWarning } from '../../wire/ir.js';

/**
 * What OpenAI asks an end-user id (`user`, `safety_identifier`) to be: an opaque id of at most 64 characters, hashed
 * rather than personal. Claude Code's metadata.user_id is a JSON object in a string: not one.
 */
const PLAIN_USER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `{ user }` when the client's end-user id is a plain opaque id; else nothing, and a warning saying why. */
export function endUserField(user: string | undefined, at: string, warnings: IRWarning[]): { user?: string } {
  if (user === undefined) return {};
  if (PLAIN_USER_ID.test(user)) return { user };
  warnings.push({ at, message: 'the end-user id is not a plain opaque id of at most 64 characters; not sent' });
  return {};
}
