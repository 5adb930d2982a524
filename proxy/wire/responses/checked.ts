import type { z } from 'zod';
import { WireRequestError } from '../wire-format.js';

/** Validates one part of a request; a mismatch is a 400 naming the field, e.g. `input[3].call_id`. */
export function checked<T extends z.ZodType>(schema: T, value: unknown, at: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = [at, ...(issue?.path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))].join('').replace(/^\./, '');
  throw new WireRequestError(`${param || 'body'}: ${issue?.message ?? 'invalid value'}`, param || undefined);
}
