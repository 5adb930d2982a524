/**
 * Turns a valid body into an almost valid one: a few members anywhere in it replaced by a hostile value, added
 * under an odd key, or removed. Most of such a body still passes a loose schema, so the hostile part travels
 * deep into the server — where the bugs are.
 */
import fc from 'fast-check';
import { hostileKey, hostileValue } from './hostile.js';
import { JsonMembers, RawJson, setMember } from './json-text.js';

export interface Mutation {
  op: 'set' | 'delete';
  /** Which object or array of the body (by index, modulo how many there are). */
  at: number;
  /** A key the object has (by index) or a new one. */
  key: { existing: number } | { fresh: string };
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'set', 'delete'),
  at: fc.nat(),
  key: fc.oneof({ weight: 3, arbitrary: fc.record({ existing: fc.nat() }) }, { weight: 1, arbitrary: fc.record({ fresh: hostileKey }) }),
  value: hostileValue,
});

/** A body with the mutations applied, in order; the original is left as it was. */
export function mutated(body: unknown, mutations: readonly Mutation[]): unknown {
  const root = copy(body);
  for (const change of mutations) {
    const containers = containersOf(root);
    const target = containers[change.at % containers.length];
    // A copy: generated values may be shared (constants), and one inserted twice must not end up inside itself.
    const value = copy(change.value);
    if (target === undefined) return value; // a scalar body: replace it whole
    if (Array.isArray(target)) applyToArray(target, change.op, change.key, value);
    else applyToObject(target, change.op, change.key, value);
  }
  return root;
}

function applyToArray(target: unknown[], op: Mutation['op'], where: Mutation['key'], value: unknown): void {
  const index = 'existing' in where && target.length > 0 ? where.existing % target.length : target.length;
  if (op === 'delete') target.splice(index, 1);
  else target[index] = value;
}

function applyToObject(target: Record<string, unknown>, op: Mutation['op'], where: Mutation['key'], value: unknown): void {
  const keys = Object.keys(target);
  const key = 'existing' in where ? (keys.length > 0 ? keys[where.existing % keys.length]! : 'x') : where.fresh;
  if (op === 'delete') delete target[key];
  else setMember(target, key, value);
}

/** Every plain object and array in the value, the value itself first. */
function containersOf(value: unknown): (Record<string, unknown> | unknown[])[] {
  if (value === null || typeof value !== 'object' || value instanceof RawJson || value instanceof JsonMembers) return [];
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return [value as Record<string, unknown> | unknown[], ...children.flatMap(containersOf)];
}

/** A deep copy of plain JSON (RawJson and JsonMembers are immutable and shared). */
function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof RawJson || value instanceof JsonMembers) return value;
  if (Array.isArray(value)) return value.map(copy);
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setMember(result, key, copy((value as Record<string, unknown>)[key]));
  return result;
}
