import { describe, expect, it } from 'vitest';
import { commandOf } from './prepare-cli.mjs';

describe('commandOf', () => {
  it('finds the command after global options and their values', () => {
    expect(commandOf(['serve'])).toBe('serve');
    expect(commandOf(['--config', 'serve.yaml', 'key', 'show'])).toBe('key');
    expect(commandOf(['-c', 'x.yaml', 'serve', '--port', '8318'])).toBe('serve');
    expect(commandOf(['--config=serve.yaml', 'accounts'])).toBe('accounts');
    expect(commandOf(['--log-format', 'json', 'serve'])).toBe('serve');
  });

  it('is null when the line names no command', () => {
    expect(commandOf([])).toBeNull();
    expect(commandOf(['--help'])).toBeNull();
    expect(commandOf(['--config', 'serve'])).toBeNull();
  });
});
