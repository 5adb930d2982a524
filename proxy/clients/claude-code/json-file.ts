/**
 * A JSON config file as a plain object: parsed so that every key and its order survive a rewrite, refused with
 * the line and column of the problem when it is not JSON (Switchboard never overwrites what it cannot read).
 */
import { ClientConfigError } from '../client-setup.js';
import { jsonErrorPosition } from './json-error-position.js';

export type JsonObject = { [key: string]: unknown };

export interface JsonDocument {
  root: JsonObject;
  /** The file started with a UTF-8 byte order mark (some Windows editors add one); it is written back. */
  bom: boolean;
}

const BOM = '\uFEFF';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a file whose root must be an object; anything else is a ClientConfigError naming the place. */
export function parseJsonObjectFile(path: string, bytes: Buffer): JsonDocument {
  let text: string;
  try {
    // ignoreBOM keeps a leading BOM in the text so it can be noticed and written back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ClientConfigError(path, 'is not UTF-8 text, so it is not JSON; Switchboard leaves it as it is');
  }
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const { line, column } = jsonErrorPosition(body, error);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ClientConfigError(path, `is not valid JSON (${reason}); fix it, then try again`, line, column);
  }
  if (!isJsonObject(root)) {
    throw new ClientConfigError(path, 'does not hold a JSON object at its top level; Switchboard leaves it as it is', 1, 1);
  }
  return { root, bom };
}

/** Two-space indent and a final newline, as Claude Code itself writes settings.json; keys keep their order. */
export function serializeJsonDocument(document: JsonDocument): string {
  return `${document.bom ? BOM : ''}${JSON.stringify(document.root, null, 2)}\n`;
}
