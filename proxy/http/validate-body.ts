import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Validates a parsed JSON body; the first problem becomes a 400 that names the field. */
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
  const issue = result.error.issues[0];
  const field = issue?.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('') ?? '';
  const problem = issue?.code === 'invalid_type' && issue.input === undefined ? 'Field required' : (issue?.message ?? 'invalid value');
  throw new ApiError(400, 'invalid_request', field ? `${field}: ${problem}` : problem, { param: field || undefined });
}
