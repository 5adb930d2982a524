/**
 * Where JSON.parse gave up, as a 1-based line and column. V8's messages carry an offset only sometimes
 * ("… in JSON at position 11"); for the others ("Unexpected token '}', "…" is not valid JSON", "Unexpected end of
 * JSON input") a small scanner walks the text to the first character that cannot be JSON.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export function jsonErrorPosition(text: string, error: unknown): TextPosition {
  const message = error instanceof Error ? error.message : '';
  const reported = /\bat position (\d+)/.exec(message);
  const offset = reported?.[1] !== undefined ? Number(reported[1]) : firstInvalidOffset(text);
  return positionOf(text, Math.min(offset, text.length));
}

/** Line and column of a UTF-16 offset; `\r\n` counts as one line break because the `\n` ends the line. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The offset of the first character that breaks the JSON grammar (RFC 8259), or text.length when it ends too early. */
export function firstInvalidOffset(text: string): number {
  let at = 0;
  const fail: () => never = () => {
    throw new ScanStop(at);
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at += 1;
  };
  const literal = (word: string): void => {
    for (const char of word) {
      if (text[at] !== char) fail();
      at += 1;
    }
  };
  const string = (): void => {
    at += 1;
    for (;;) {
      const char = text[at];
      if (char === undefined) fail();
      if (char === '"') {
        at += 1;
        return;
      }
      if (char < ' ') fail();
      if (char === '\\') {
        at += 1;
        const escape = text[at];
        if (escape === 'u') {
          for (let digit = 0; digit < 4; digit += 1) {
            at += 1;
            if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          fail();
        }
      }
      at += 1;
    }
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) return fail();
    at += match[0].length;
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    fail();
  };
  const object = (): void => {
    at += 1;
    skipSpace();
    if (text[at] === '}') {
      at += 1;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[at] !== '"') fail();
      string();
      skipSpace();
      if (text[at] !== ':') fail();
      at += 1;
      value();
      skipSpace();
      if (text[at] === ',') at += 1;
      else if (text[at] === '}') {
        at += 1;
        return;
      } else fail();
    }
  };
  const array = (): void => {
    at += 1;
    skipSpace();
    if (text[at] === ']') {
      at += 1;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[at] === ',') at += 1;
      else if (text[at] === ']') {
        at += 1;
        return;
      } else fail();
    }
  };
  try {
    value();
    skipSpace();
    return at < text.length ? at : text.length;
  } catch (error) {
    if (error instanceof ScanStop) return error.offset;
    throw error;
  }
}

class ScanStop extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at ${offset}`);
  }
}
