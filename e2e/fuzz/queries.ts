/**
 * Query strings: the parameters an endpoint reads, with values valid and not, plus parameters it does not know,
 * repeated ones (`a=1&a=2` arrives as an array), bracket forms and prototype keys.
 */
import fc from 'fast-check';
import { nastyString, percentEncoded } from './hostile.js';

/** A point in time as the admin API reads it, and what is not one. */
const instant = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800_000 }).map(String),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom('0', '-1', '9e15', '1e400', '8640000000000001', '0000-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '2026-01-01T25:00:00Z', 'now', 'NaN', '0x10', ' 1', '1.5'),
);

const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('1', 'true', 'anthropic', 'claude-sonnet-4-6', 'owner', '') }, { weight: 2, arbitrary: nastyString });

/** A parameter a valid client sends, with a value that may be wrong. */
function parameter(name: string, values: fc.Arbitrary<string>): fc.Arbitrary<[string, string]> {
  return fc.tuple(fc.constant(name), fc.oneof({ weight: 3, arbitrary: values }, { weight: 1, arbitrary: value }));
}

const unknownParameter: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.oneof(fc.constantFrom('__proto__', 'constructor', '__proto__[polluted]', 'a[]', 'a[b]', 'toString', 'x', ''), nastyString),
  value,
);

export function queryString(known: fc.Arbitrary<[string, string]>[]): fc.Arbitrary<string> {
  const any = known.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: unknownParameter }) : unknownParameter;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.array(any, { maxLength: 5 }), fc.boolean())
        .map(([pairs, raw]) => (pairs.length === 0 ? '' : `?${pairs.map(([name, text]) => (raw ? `${safeRaw(name)}=${safeRaw(text)}` : `${percentEncoded(name)}=${percentEncoded(text)}`)).join('&')}`)),
    },
    { weight: 1, arbitrary: fc.constantFrom('?', '?&&', '?=', '?a', '?%', '?%zz=1', '?a=%ff%fe', `?x=${'y'.repeat(8000)}`) },
  );
}

/** A value put into the query without encoding, as a careless client does (only what an HTTP request line can carry). */
function safeRaw(text: string): string {
  return [...text].map((char) => (/^[\u0021-\u007e]$/.test(char) && char !== '#' ? char : percentEncoded(char))).join('');
}

export const messagesQuery = queryString([parameter('beta', fc.constantFrom('true', 'false'))]);
export const noQuery = queryString([]);

const filters = [
  parameter('provider', fc.constantFrom('anthropic', 'openai')),
  parameter('key', fc.constantFrom('owner', 'key_0123456789ab')),
  parameter('account', fc.constantFrom('anthropic-fuzz-first@example.com', 'x')),
  parameter('model', fc.constantFrom('claude-sonnet-4-6', 'sonnet')),
];
const range = [parameter('from', instant), parameter('to', instant)];

export const usageQuery = queryString([
  ...filters,
  ...range,
  parameter('bucket', fc.constantFrom('hour', 'day', 'month', 'week')),
  parameter('group-by', fc.constantFrom('model', 'provider', 'key', 'account', 'endpoint')),
]);

export const requestsQuery = queryString([
  ...filters,
  parameter('outcome', fc.constantFrom('ok', 'error', 'aborted', 'other')),
  parameter('limit', fc.constantFrom('1', '50', '200', '201', '0', '-1', '1e9')),
  parameter('before', fc.constantFrom('1', '100', '9007199254740993', '0')),
]);

export const exportQuery = queryString([...filters, ...range]);
