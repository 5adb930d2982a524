/**
 * Values a hostile client puts where a valid one puts a string, a number or an object: wrong types, empty and huge
 * strings, every kind of unicode (NUL, lone surrogates, bidi overrides, line separators), deep nesting, numbers
 * JSON can write but JavaScript cannot hold, and keys that would reach Object.prototype.
 */
import fc from 'fast-check';
import { FUZZ_BODY_LIMIT_BYTES } from './budget.js';
import { JsonMembers, nested, RawJson } from './json-text.js';

/** Characters that break naive code: NUL, controls, bidi override, line/paragraph separators, BOM, a lone surrogate. */
const NASTY_CHARACTERS = ['\u0000', '\u0001', '\u001b', '\u007f', '\u202e', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '\uffff', '"', '\\', '%', '{{', '${x}', '../', '\r\n'];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.constantFrom(...NASTY_CHARACTERS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', 'true', '0', '-1', '__proto__', 'constructor', 'toString', '<script>alert(1)</script>', "'; DROP TABLE usage_events; --"),
);

/**
 * Long strings, up to just under the body limit (the fuzz server's limit is 1 MB): what must be bounded
 * wherever it is stored, logged or echoed. A repeated unit keeps them cheap to make.
 */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'é', '\u{1f600}', '\u0000', 'ab\n'), fc.constantFrom(300, 5_000, 70_000, Math.floor(FUZZ_BODY_LIMIT_BYTES / 8)))
  .map(([unit, length]) => unit.repeat(length));

/** JSON nested deep: around the depth a bound would sit (64–128), far past it, and past the call stack. */
export const deepValue: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(20, 64, 65, 128, 129, 1_000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

export const oddNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, 1e21),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'), new RawJson(`1${'0'.repeat(400)}`), new RawJson('1E-400'), new RawJson('0.0000000000000000000001')),
);

/** Objects whose keys would reach Object.prototype (or shadow what code expects of an object) if merged naively. */
export const pollutingObject: fc.Arbitrary<JsonMembers> = fc
  .subarray(
    [
      ['__proto__', new JsonMembers([['polluted', 'yes'], ['isAdmin', true], ['role', 'admin'], ['status', 500]])],
      ['constructor', new JsonMembers([['prototype', new JsonMembers([['polluted', 'yes']])]])],
      ['prototype', new JsonMembers([['polluted', 'yes']])],
      ['toString', 'not a function'],
      ['hasOwnProperty', null],
      ['valueOf', 1],
      ['toJSON', 'x'],
      ['then', 'not a function'],
    ] as const,
    { minLength: 1 },
  )
  .map((members) => new JsonMembers(members));

/** Scalar values of every JSON type. */
export const anyScalar: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), oddNumber, nastyString);

/** A value of the wrong kind for almost any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyScalar },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: pollutingObject },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], [{}]) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Keys a client adds to an object: unknown ones, prototype keys, empty and odd ones. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'model', 'stream', 'type', 'role', 'content', 'id', 'x'),
  nastyString,
);

/** Percent-encoded UTF-8, like encodeURIComponent, but a lone surrogate is encoded as U+FFFD instead of throwing. */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
