import type { z } from 'zod';
import { boundText, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../bounded-text.js';
import { ApiError } from './api-error.js';

/** Validates a parsed JSON body; every field at fault is named in one 400 (the first one is its `param`). */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  return validate(schema, body);
}

/**
 * Checks a body that is passed on as it is: only what `schema` names is checked, refused as validateBody refuses,
 * and the client's own object comes back — not zod's output, which is a copy of whatever the schema walked.
 */
export function checkBody<T extends z.ZodType<object>>(schema: T, body: unknown): z.output<T> & Record<string, unknown> {
  validateBody(schema, body);
  return body as z.output<T> & Record<string, unknown>;
}

/** Validates a request's query string (express has parsed it into an object) the same way. */
export function validateQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  return validate(schema, query);
}

/**
 * The most fields one refusal names: enough to fix a form at once, while a body with a million bad items still
 * gets a short answer (and a short line in the ledger).
 */
export const MAX_PROBLEMS_LISTED = 10;

function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // One problem per field, so a client (or a form) can fix them all at once instead of one per try.
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const field = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
    if (!problems.has(field)) problems.set(field, issue.code === 'invalid_type' && issue.input === undefined ? 'Field required' : issue.message);
  }
  const listed = [...problems].slice(0, MAX_PROBLEMS_LISTED).map(([field, problem]) => (field ? `${field}: ${problem}` : problem));
  const unlisted = problems.size - listed.length;
  const more = unlisted > 0 ? `; and ${unlisted.toLocaleString('en-US')} more field${unlisted === 1 ? '' : 's'}` : '';
  // A field's name is the client's own text (an unknown key, say): the message and `param` are bounded.
  const message = boundText(`${listed.join('; ') || 'invalid value'}${more}`, MAX_MESSAGE_LENGTH);
  const param = [...problems.keys()][0];
  throw new ApiError(400, 'invalid_request', message, { param: param ? boundText(param, MAX_NAME_LENGTH) : undefined });
}
