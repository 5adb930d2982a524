/**
 * TOML documents as plain values: read a file into one (refusing what is not TOML), look up and replace values by
 * key path, compare them. Replacing copies only the tables along the path, so every untouched value keeps the exact
 * type toml-patch gave it (a LocalDate stays a LocalDate) and `patch()` sees no change there.
 */
import { parse, stringify } from '@decimalturn/toml-patch';
import { ClientConfigError } from '../client-setup.js';

export type TomlTable = { [key: string]: unknown };

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The file's text and its values; a file that is not UTF-8 TOML is refused with the place of the problem. */
export function readTomlFile(path: string, bytes: Buffer): { text: string; document: TomlTable } {
  let text: string;
  try {
    // ignoreBOM keeps a leading BOM in the text, so toml-patch sees it and writes it back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ClientConfigError(path, 'is not UTF-8 text, so it is not TOML; Switchboard leaves it as it is');
  }
  try {
    const document: unknown = parse(text);
    if (!isTable(document)) throw new Error('the document is not a table');
    return { text, document };
  } catch (error) {
    const { line, column } = errorPosition(error);
    const reason = error instanceof Error ? (error.message.split('\n').at(-1) ?? error.message) : String(error);
    throw new ClientConfigError(path, `is not valid TOML (${reason}); fix it, then try again`, line, column);
  }
}

/** toml-patch's parse errors carry a 1-based line and a 0-based column; ClientConfigError speaks 1-based for both. */
function errorPosition(error: unknown): { line: number | null; column: number | null } {
  if (typeof error !== 'object' || error === null) return { line: null, column: null };
  const line = 'line' in error && typeof error.line === 'number' ? error.line : null;
  const column = 'column' in error && typeof error.column === 'number' ? error.column + 1 : null;
  return { line, column: line === null ? null : column };
}

export function splitKey(key: string): string[] {
  return key.split('.');
}

export function valueAt(document: TomlTable, path: readonly string[]): unknown {
  let current: unknown = document;
  for (const segment of path) {
    if (!isTable(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * A copy of `document` with the value at `path` set, or removed when `value` is undefined. A table left empty by a
 * removal goes too: it was only there to hold what is being removed (Switchboard's own `[model_providers]`).
 */
export function withValueAt(document: TomlTable, path: readonly string[], value: unknown): TomlTable {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error('an empty key path');
  const copy: TomlTable = { ...document };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = document[head];
  if (value === undefined && !isTable(child)) return copy;
  const updated = withValueAt(isTable(child) ? child : {}, rest, value);
  if (value === undefined && Object.keys(updated).length === 0) delete copy[head];
  else copy[head] = updated;
  return copy;
}

/** Same TOML value: key order in tables does not matter, types do (a date is not its string). */
export function tomlValuesEqual(a: unknown, b: unknown): boolean {
  if (isTable(a) && isTable(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && tomlValuesEqual(a[key], b[key]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => tomlValuesEqual(item, b[index]));
  if (a instanceof Date && b instanceof Date) return a.constructor === b.constructor && a.toISOString() === b.toISOString();
  return Object.is(a, b);
}

/**
 * A value kept as TOML text (`value = …`) so it comes back with its TOML type — JSON would turn a date into a
 * string. Used for the values Switchboard replaced, whatever the person had there.
 */
export function encodeTomlValue(value: unknown): string {
  return stringify({ value });
}

export function decodeTomlValue(text: string): unknown {
  const table: unknown = parse(text);
  return isTable(table) ? table.value : undefined;
}
