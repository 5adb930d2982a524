/**
 * A custom tool reaches the provider as a function taking `{"input": "<text>"}`; its client wants the bare
 * text, streamed. This reads the `input` string out of the arguments JSON as it arrives, decoding escapes
 * incrementally (each character of the arguments is looked at once), so `custom_tool_call_input.delta`
 * events can follow the model's pace instead of waiting for the whole call.
 */

const INPUT_KEY = /"input"\s*:\s*"/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export interface CustomInputReader {
  /** The raw arguments JSON so far. */
  buffer: string;
  /** Where the string value starts; -1 while the key has not been seen. */
  valueStart: number;
  /** The next unread position of the buffer inside the value. */
  position: number;
  done: boolean;
  /** A high surrogate held back until its partner arrives, so no delta splits a character. */
  pendingHigh: string;
}

export function customInputReader(): CustomInputReader {
  return { buffer: '', valueStart: -1, position: 0, done: false, pendingHigh: '' };
}

/** Feeds an arguments delta; returns the newly decoded part of `input` (possibly ""). */
export function readCustomInput(reader: CustomInputReader, argumentsDelta: string): string {
  reader.buffer += argumentsDelta;
  if (reader.done) return '';
  if (reader.valueStart < 0) {
    const key = INPUT_KEY.exec(reader.buffer);
    if (!key) return '';
    reader.valueStart = key.index + key[0].length;
    reader.position = reader.valueStart;
  }

  let out = '';
  const { buffer } = reader;
  while (reader.position < buffer.length) {
    const char = buffer[reader.position] as string;
    if (char === '"') {
      reader.done = true;
      break;
    }
    if (char !== '\\') {
      out += char;
      reader.position += 1;
      continue;
    }
    const kind = buffer[reader.position + 1];
    if (kind === undefined) break; // the escape continues in the next delta
    if (kind === 'u') {
      const hex = buffer.slice(reader.position + 2, reader.position + 6);
      if (hex.length < 4) break;
      out += /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '';
      reader.position += 6;
      continue;
    }
    out += SIMPLE_ESCAPES[kind] ?? kind;
    reader.position += 2;
  }

  out = reader.pendingHigh + out;
  reader.pendingHigh = '';
  const last = out.charCodeAt(out.length - 1);
  if (!reader.done && last >= 0xd800 && last <= 0xdbff) {
    reader.pendingHigh = out.slice(-1);
    out = out.slice(0, -1);
  }
  return out;
}

/** The whole input once the arguments are complete; falls back to the raw text when it is not JSON. */
export function finalCustomInput(argumentsJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsJson);
  } catch {
    return argumentsJson; // the model wrote the text itself
  }
  if (typeof parsed === 'string') return parsed;
  if (typeof parsed === 'object' && parsed !== null && 'input' in parsed && typeof parsed.input === 'string') return parsed.input;
  return '';
}
