import { describe, expect, it } from 'vitest';
import { examplePlaceholder, fieldPlaceholder } from './model-suggestions';

describe('examplePlaceholder', () => {
  it('suggests the alias of the field’s family, never a version that goes stale', () => {
    expect(examplePlaceholder('main')).toBe('e.g. sonnet');
    expect(examplePlaceholder('opus')).toBe('e.g. opus');
    expect(examplePlaceholder('sonnet')).toBe('e.g. sonnet');
    expect(examplePlaceholder('haiku')).toBe('e.g. haiku');
    expect(examplePlaceholder('smallFast')).toBe('e.g. haiku');
  });

  it('says what an emptied field keeps', () => {
    expect(fieldPlaceholder('main', 'sonnet')).toBe('keeps sonnet');
    expect(fieldPlaceholder('haiku', undefined)).toBe('e.g. haiku');
  });
});
