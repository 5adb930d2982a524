import { describe, expect, it } from 'vitest';
import { firstInvalidOffset, jsonErrorPosition } from './json-error-position.js';

function positionOfParseError(text: string): { line: number; column: number } {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonErrorPosition(text, error);
  }
  throw new Error('expected invalid JSON');
}

describe('jsonErrorPosition', () => {
  it.each([
    ['{\n  "a": 1,\n}', 3, 1],
    ['{\r\n  "a": }', 2, 8],
    ['{"a": tru}', 1, 10],
    ['xyz', 1, 1],
    ['', 1, 1],
    ['{"a": "b"', 1, 10],
    ['{"a": 1} x', 1, 10],
    ['{"a": "\\q"}', 1, 9],
    ['[1, -]', 1, 6],
  ])('places the error in %j at %i:%i', (text, line, column) => {
    expect(positionOfParseError(text)).toEqual({ line, column });
  });

  it('agrees with the offsets V8 reports when it reports one', () => {
    for (const text of ['{\n "a": 1,\n}', '{"a":1', '{"a":1}x', '"abc', '{"a":"\u0001"}']) {
      const reported = (() => {
        try {
          JSON.parse(text);
        } catch (error) {
          return Number(/at position (\d+)/.exec(String(error))?.[1]);
        }
        return NaN;
      })();
      expect(firstInvalidOffset(text), text).toBe(reported);
    }
  });
});
