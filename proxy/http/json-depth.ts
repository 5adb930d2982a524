/**
 * Deeper than any real client nests its JSON: Claude Code's bodies (tool schemas included) reach depth 10 and the
 * Codex CLI's 12 (measured 2026-12-06, CLIENTS.md versions); MCP tool schemas add a few levels more. Far below what
 * overflows the stack of anything that walks a body again (JSON.stringify fails near 10 000).
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether UTF-8 JSON text nests objects and arrays deeper than `max`, read from the bytes before anything parses
 * them: no deep structure is ever built. In UTF-8 every byte of a multi-byte character is ≥ 0x80, so the ASCII
 * brackets and quotes below are always the JSON's own. Text that is not valid JSON is left to the parser to
 * report; this only counts. Most of a real body is string text (prompts, files, tool results): strings are
 * skipped with the native search for their closing quote, so only the structure between them is read byte by byte.
 */
export function nestsDeeperThan(utf8: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let index = 0; index < utf8.length; index++) {
    const byte = utf8[index];
    if (byte === QUOTE) {
      index = closingQuote(utf8, index + 1);
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * The index of the quote that ends the string whose text starts at `from` (the end of the text when none does). A
 * quote ends it when an even number of backslashes precede it: each pair is one escaped backslash. Every backslash
 * is looked at once at most: a run of them ends at the quote after it, and starts after a quote (the opening one at
 * the latest).
 */
function closingQuote(utf8: Uint8Array, from: number): number {
  for (let quote = utf8.indexOf(QUOTE, from); quote !== -1; quote = utf8.indexOf(QUOTE, quote + 1)) {
    let backslashes = 0;
    while (utf8[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return utf8.length;
}
