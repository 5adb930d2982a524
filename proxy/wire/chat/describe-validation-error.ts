import type { z } from 'zod';
import { formatPath } from '../validate.js';

type Issue = z.core.$ZodIssue;

/**
 * A zod error as one sentence that names the field the way a client developer writes it
 * (`messages[1].content[0].image_url.url: required`), plus that field path for the error's `param`.
 */
export function describeValidationError(error: z.ZodError): { message: string; param: string } {
  const first = error.issues[0];
  if (!first) return { message: 'invalid request body', param: '' };
  const { path, message } = resolve(first, []);
  const param = formatPath(path);
  return { message: param ? `${param}: ${message}` : message, param };
}

function resolve(issue: Issue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    // Of several shapes that failed, the one that matched furthest into the value names the real mistake.
    let best: { path: PropertyKey[]; message: string } | null = null;
    for (const branch of issue.errors) {
      const first = branch[0];
      if (!first) continue;
      const candidate = resolve(first, path);
      if (candidate.path.length > path.length && (!best || candidate.path.length > best.path.length)) best = candidate;
    }
    if (best) return best;
    if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
      return { path, message: `expected one of ${issue.options.map((option) => JSON.stringify(option)).join(', ')}` };
    }
    const expected = [...new Set(issue.errors.flatMap((branch) => (branch[0]?.code === 'invalid_type' ? [branch[0].expected] : [])))];
    if (issue.message !== 'Invalid input') return { path, message: issue.message };
    return { path, message: expected.length > 0 ? `expected ${expected.join(' or ')}` : 'invalid value' };
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return { path, message: `required (${issue.expected})` };
  if (issue.code === 'invalid_value') return { path, message: `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}` };
  return { path, message: issue.message.replace(/^(Invalid input|Too small|Too big): /, '') };
}
