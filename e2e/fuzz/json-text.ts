/**
 * JSON text with what JSON.stringify cannot write: fragments placed verbatim (a body nested 100 000 levels deep,
 * `1e400`, a number with 400 digits) and objects whose keys repeat or are `__proto__` — all of which JSON.parse,
 * and so the server, accepts.
 */

/** A piece of JSON text written as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object written with exactly these members, in this order (repeated keys and `__proto__` included). */
export class JsonMembers {
  constructor(readonly members: readonly (readonly [string, unknown])[]) {}
}

export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonMembers) return `{${value.members.map(([key, member]) => `${JSON.stringify(key)}:${jsonText(member)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    // Own keys, `__proto__` among them when it was defined as an own property.
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${jsonText((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  if (value === undefined) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** Sets a member on an object as its own property, even `__proto__` (plain assignment would change the prototype). */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `depth` arrays (or objects) inside each other. */
export function nested(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array' ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`) : new RawJson(`${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`);
}
