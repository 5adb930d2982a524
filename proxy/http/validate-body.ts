import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Validates a parsed JSON body; every field at fault is named in one 400 (the first one is its `param`). */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  return validate(schema, body);
}

/** Validates a request's query string (express has parsed it into an object) the same way. */
export function validateQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  return validate(schema, query);
}

function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // One problem per field, so a client (or a form) can fix them all at once instead of one per try.
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const field = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('');
    if (!problems.has(field)) problems.set(field, issue.code === 'invalid_type' && issue.input === undefined ? 'Field required' : issue.message);
  }
  const message = [...problems].map(([field, problem]) => (field ? `${field}: ${problem}` : problem)).join('; ') || 'invalid value';
  throw new ApiError(400, 'invalid_request', message, { param: [...problems.keys()][0] || undefined });
}
