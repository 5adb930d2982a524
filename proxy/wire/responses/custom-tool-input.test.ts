import { describe, expect, it } from 'vitest';
import { customInputReader, finalCustomInput, readCustomInput } from './custom-tool-input.js';

const readAll = (deltas: string[]) => {
  const reader = customInputReader();
  return deltas.map((delta) => readCustomInput(reader, delta));
};

describe('reading a custom tool input from streamed arguments', () => {
  it('decodes the string value as it arrives, holding back incomplete escapes', () => {
    expect(readAll(['{"in', 'put" : "a\\', 'tb\\u', '0041', '\\\\"', ', "other": "x"}'])).toEqual(['', 'a', '\tb', 'A', '\\', '']);
  });

  it('never splits a surrogate pair across deltas', () => {
    expect(readAll(['{"input":"\\ud83d', '\\ude00!"}'])).toEqual(['', '😀!']);
    expect(readAll(['{"input":"😀', '"}'])).toEqual(['😀', '']);
  });

  it('reads the whole input at the end, falling back to the raw text', () => {
    expect(finalCustomInput('{"input":"x\\ny"}')).toBe('x\ny');
    expect(finalCustomInput('"bare"')).toBe('bare');
    expect(finalCustomInput('{}')).toBe('');
    expect(finalCustomInput('not json')).toBe('not json');
    expect(finalCustomInput('')).toBe('');
  });
});
