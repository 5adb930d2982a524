import { boundText, MAX_LOGGED_TEXT_LENGTH, MAX_NAME_LENGTH } from './bounded-text.js';

/** How far into a logged object its values are kept; deeper ones are summarized. */
const MAX_DEPTH = 4;
/** The most items of one array, and fields of one object, that are written. */
const MAX_ITEMS = 20;

/**
 * A value to log, with every text in it bounded (a client's model name, a path, an error quoting a request body),
 * as are its arrays, objects and binary data, so no request can write megabytes to the log. Field names stay, so
 * redaction of secrets by name still applies; an Error stays an Error (pino's serializer names its type).
 */
export function boundLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return boundText(value, MAX_LOGGED_TEXT_LENGTH);
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return boundError(value, depth);
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item: unknown) => boundLogValue(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… (${value.length - MAX_ITEMS} more items)`] : items;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value; // a Date, a URL…
  return boundEntries(Object.entries(value), {}, depth);
}

function boundError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>;
  copy.name = error.name;
  copy.message = boundText(error.message, MAX_LOGGED_TEXT_LENGTH);
  if (error.stack !== undefined) copy.stack = boundText(error.stack, MAX_LOGGED_TEXT_LENGTH);
  if (error.cause !== undefined) copy.cause = boundLogValue(error.cause, depth + 1);
  return boundEntries(Object.entries(error), copy, depth) as Error;
}

function boundEntries<T extends Record<string, unknown>>(entries: [string, unknown][], into: T, depth: number): T {
  for (const [name, item] of entries.slice(0, MAX_ITEMS)) (into as Record<string, unknown>)[boundText(name, MAX_NAME_LENGTH)] = boundLogValue(item, depth + 1);
  if (entries.length > MAX_ITEMS) (into as Record<string, unknown>)['…'] = `${entries.length - MAX_ITEMS} more fields`;
  return into;
}
