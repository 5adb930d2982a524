import { describe, expect, it } from 'vitest';
import { codexConfigPath, codexHome, codexRecordPath } from './codex-paths.js';

describe('codex paths', () => {
  it('computes a Windows config path with backslashes, whatever OS the tests run on', () => {
    const environment = { home: 'C:\\Users\\Ada', platform: 'win32' as const, env: {}, stateDir: '/data/clients' };

    expect(codexHome(environment)).toBe('C:\\Users\\Ada\\.codex');
    expect(codexConfigPath(environment)).toBe('C:\\Users\\Ada\\.codex\\config.toml');
    expect(codexConfigPath({ ...environment, env: { CODEX_HOME: 'D:\\codex' } })).toBe('D:\\codex\\config.toml');
  });

  it('uses CODEX_HOME on POSIX, else ~/.codex', () => {
    const environment = { home: '/home/ada', platform: 'darwin' as const, stateDir: '/data/clients' };

    expect(codexConfigPath(environment)).toBe('/home/ada/.codex/config.toml');
    expect(codexConfigPath({ ...environment, env: { CODEX_HOME: '/opt/codex' } })).toBe('/opt/codex/config.toml');
    expect(codexRecordPath(environment)).toBe('/data/clients/codex.json');
  });
});
