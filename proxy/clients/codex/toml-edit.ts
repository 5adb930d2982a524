/**
 * Changes a few values of a TOML file and nothing else: comments, order, spacing and every other value stay byte
 * for byte (toml-patch edits the syntax tree, not a re-serialisation of the whole file).
 */
import { parse, patch, stringify } from '@decimalturn/toml-patch';
import { isTable, splitKey, tomlValuesEqual, valueAt, withValueAt, type TomlTable } from './toml-values.js';

export interface TomlEdit {
  /** Dotted key path, e.g. `model_providers.switchboard`. */
  key: string;
  /** The new value; undefined removes the key. */
  value: unknown;
}

/** `text` (whose values are `document`) with the edits applied; the same string when they change nothing. */
export function editToml(text: string, document: TomlTable, edits: readonly TomlEdit[]): string {
  const desired = edits.reduce((current, edit) => withValueAt(current, splitKey(edit.key), edit.value), document);
  if (tomlValuesEqual(desired, document)) return text;
  const withSections = appendNewSections(prependNewRootValues(text, document, edits), document, edits);
  // The tidy form first; if the file's own shape rules it out (say `model_providers = { … }` inline, which a
  // `[model_providers.x]` header may not extend), toml-patch alone still writes a valid file.
  for (const base of withSections === text ? [text] : [withSections, text]) {
    const result = tryPatch(base, desired);
    if (result !== null) return result;
  }
  throw new Error('toml-patch could not apply the change');
}

function tryPatch(base: string, desired: TomlTable): string | null {
  try {
    const result = patch(base, desired);
    const written: unknown = parse(result);
    return tomlValuesEqual(written, desired) ? result : null;
  } catch {
    return null;
  }
}

/**
 * A new table of plain values becomes a `[a.b]` section at the end of the file. Left to itself toml-patch writes
 * it as an inline table, and when the parent exists only through other `[a.x]` headers (the usual
 * `[model_providers.ollama]`), as a dotted key among the root keys — valid, but not what a person would write.
 */
function appendNewSections(text: string, document: TomlTable, edits: readonly TomlEdit[]): string {
  const newLine = text.includes('\r\n') ? '\r\n' : '\n';
  let result = text;
  for (const edit of edits) {
    const path = splitKey(edit.key);
    if (path.length < 2 || !isTable(edit.value) || valueAt(document, path) !== undefined) continue;
    if (Object.values(edit.value).some((item) => isTable(item) || Array.isArray(item))) continue;
    const separator = result === '' ? '' : result.endsWith(newLine) ? newLine : `${newLine}${newLine}`;
    result += `${separator}[${path.map(tomlKey).join('.')}]${newLine}${stringify(edit.value, { newLine })}`;
  }
  return result;
}

/**
 * New root values go at the top of a file that has none yet (only tables). toml-patch would put them under the
 * file's opening comment, which then counts as theirs and leaves with them when they are removed. Root values are
 * always valid before anything else, so this cannot make the file invalid.
 */
function prependNewRootValues(text: string, document: TomlTable, edits: readonly TomlEdit[]): string {
  if (Object.values(document).some((value) => !isTable(value))) return text;
  const added = edits.filter((edit) => !edit.key.includes('.') && edit.value !== undefined && !isTable(edit.value) && !Object.hasOwn(document, edit.key));
  if (added.length === 0) return text;
  const newLine = text.includes('\r\n') ? '\r\n' : '\n';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const rest = text.slice(bom.length);
  const lines = stringify(Object.fromEntries(added.map((edit) => [edit.key, edit.value])), { newLine });
  return `${bom}${lines}${rest.trim() === '' ? '' : newLine}${rest}`;
}

function tomlKey(segment: string): string {
  return /^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment);
}
