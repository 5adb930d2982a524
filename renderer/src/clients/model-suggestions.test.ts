import { describe, expect, it } from 'vitest';
import { examplePlaceholder } from './model-suggestions';

describe('examplePlaceholder', () => {
  const served = ['claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-haiku-4-5'];
  it('names the newest served model of the field’s family', () => {
    expect(examplePlaceholder('opus', served)).toBe('e.g. claude-opus-4-7');
    expect(examplePlaceholder('main', served)).toBe('e.g. claude-sonnet-4-6');
    expect(examplePlaceholder('smallFast', served)).toBe('e.g. claude-haiku-4-5');
  });
  it('falls back to the family’s alias when the list is unknown', () => {
    expect(examplePlaceholder('sonnet', [])).toBe('e.g. sonnet');
  });
});
