import type { z } from 'zod';
import { WireRequestError } from './wire-format.js';

/** Where a field sits in a client body: keys and array indexes (a leading segment may be a formatted path). */
export type FieldPath = ReadonlyArray<PropertyKey>;

/** `["messages", 2, "content", 0]` → `messages[2].content[0]`, the way a client names a field. */
export function formatPath(path: FieldPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text ? `${text}.${String(segment)}` : String(segment);
  }, '');
}

/** Checks one part of a client body; what fails becomes a 400 naming the first offending field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, path: FieldPath): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatPath([...path, ...(issue?.path ?? [])]);
  throw new WireRequestError(`${where || 'body'}: ${issue?.message ?? 'invalid value'}`, where || undefined);
}
