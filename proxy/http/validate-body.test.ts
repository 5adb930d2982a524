import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../bounded-text.js';
import { ApiError } from './api-error.js';
import { MAX_PROBLEMS_LISTED, validateBody } from './validate-body.js';

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const schema = z.strictObject({ model: z.string(), items: z.array(z.number()).optional() });

describe('validateBody', () => {
  it('names every field at fault once, the first as `param`', () => {
    const error = refusal(() => validateBody(schema, { model: 1, items: ['a', 'b'] }));
    expect(error).toMatchObject({ status: 400, kind: 'invalid_request', options: { param: 'model' } });
    expect(error.message).toMatch(/^model: .+; items\[0\]: .+; items\[1\]: .+$/);
  });

  it(`lists at most ${MAX_PROBLEMS_LISTED} fields and counts the rest`, () => {
    const error = refusal(() => validateBody(schema, { model: 'm', items: Array.from({ length: 100_000 }, () => 'x') }));
    expect(error.message.split('; ')).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(error.message).toMatch(/; and 99,990 more fields$/);
  });

  it('bounds a message that repeats the client’s own text (an unknown key)', () => {
    const error = refusal(() => validateBody(schema, { model: 'm', ['k'.repeat(1_000_000)]: 1 }));
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.message).toMatch(/^Unrecognized key/);
  });
});
