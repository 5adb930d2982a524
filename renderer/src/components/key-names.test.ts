import { describe, expect, it } from 'vitest';
import { keyNamer } from './use-keys-and-accounts';

describe('keyNamer', () => {
  const keys = [
    { id: 'key_a', label: 'CI bot', prefix: 'sk-sb-AbCd' },
    { id: 'key_b', label: 'CI bot', prefix: 'sk-sb-EfGh' },
    { id: 'key_c', label: 'laptop', prefix: 'sk-sb-IjKl' },
  ];
  const name = keyNamer(keys);

  it('tells keys with the same label apart by the start of their secret, and leaves unique labels alone', () => {
    expect(name('key_a')).toBe('CI bot (sk-sb-AbCd…)');
    expect(name('key_b')).toBe('CI bot (sk-sb-EfGh…)');
    expect(name('key_c')).toBe('laptop');
  });

  it('names the owner key, config keys, and keys it does not know', () => {
    expect(name('owner')).toBe('owner key');
    expect(name('config:1a2b3c4d')).toBe('config key 1a2b3c4d');
    expect(name('key_gone')).toBe('key_gone');
  });
});
