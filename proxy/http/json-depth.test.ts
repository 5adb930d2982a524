import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The nesting depth of a parsed value, the slow and obvious way. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, up to the limit and one past it', () => {
    const nested = (depth: number) => `${'[{"a":'.repeat(depth / 2)}1${'}]'.repeat(depth / 2)}`;
    expect(nestsDeeperThan(utf8(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(utf8(nested(MAX_JSON_DEPTH + 2)), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(utf8(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(utf8(JSON.stringify({ text: '[[[[{{{{' })), 2)).toBe(false);
    expect(nestsDeeperThan(utf8(JSON.stringify({ text: 'say \\"[[[[" and \\\\' })), 2)).toBe(false);
    expect(nestsDeeperThan(utf8(JSON.stringify({ 'key[[[': ['ü€😀[[[['] })), 2)).toBe(false);
  });

  it('ends a string at a quote after an even run of backslashes, not after an odd one', () => {
    // Each value below ends in backslashes that are text: the quote after them closes the string.
    for (const text of ['\\', '\\\\', 'a\\\\\\', '\\"[[[']) {
      expect(nestsDeeperThan(utf8(JSON.stringify([text, [[1]]])), 2)).toBe(true);
      expect(nestsDeeperThan(utf8(JSON.stringify([text, [1]])), 2)).toBe(false);
    }
  });

  it('agrees with the depth of any JSON value, in any characters', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, limit) => {
        expect(nestsDeeperThan(utf8(JSON.stringify(value)), limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves text that is not JSON to the parser (it only counts)', () => {
    expect(nestsDeeperThan(utf8('"unterminated [[[['), 1)).toBe(false);
    expect(nestsDeeperThan(utf8(']]]]'), 1)).toBe(false);
  });
});
