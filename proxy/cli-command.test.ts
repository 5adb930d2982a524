import { afterEach, describe, expect, it } from 'vitest';
import { cliCommand } from './cli-command.js';

describe('cliCommand', () => {
  const before = process.env.SWITCHBOARD_CLI;
  afterEach(() => {
    if (before === undefined) delete process.env.SWITCHBOARD_CLI;
    else process.env.SWITCHBOARD_CLI = before;
  });

  it('names a command the way the person runs the CLI', () => {
    process.env.SWITCHBOARD_CLI = 'npm run switchboard --';
    expect(cliCommand('login anthropic')).toBe('npm run switchboard -- login anthropic');
    process.env.SWITCHBOARD_CLI = 'switchboard';
    expect(cliCommand('key show')).toBe('switchboard key show');
  });

  it('is the installed command when nothing says otherwise', () => {
    delete process.env.SWITCHBOARD_CLI;
    expect(cliCommand('key show')).toBe('switchboard key show');
    process.env.SWITCHBOARD_CLI = '  ';
    expect(cliCommand('key show')).toBe('switchboard key show');
    expect(cliCommand('')).toBe('switchboard');
  });
});
