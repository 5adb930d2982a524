import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** Validates a parsed JSON body; the first problem becomes a 400 that names the field. */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`)).join('') ?? '';
  const problem = issue?.code === 'invalid_type' && issue.input === undefined ? 'Field required' : (issue?.message ?? 'invalid value');
  throw new ApiError(400, 'invalid_request', field ? `${field}: ${problem}` : problem, { param: field || undefined });
}
