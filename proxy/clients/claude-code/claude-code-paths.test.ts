import { describe, expect, it } from 'vitest';
import { claudeCodeRecordPath, claudeSettingsPath, claudeStatePath, projectSettingsPaths } from './claude-code-paths.js';

describe('Claude Code paths', () => {
  const windows = { home: 'C:\\Users\\me', platform: 'win32' as const, stateDir: 'C:\\Users\\me\\AppData\\Roaming\\Switchboard\\clients' };

  it('follow the platform of the environment, not of this machine', () => {
    expect(claudeSettingsPath(windows)).toBe('C:\\Users\\me\\.claude\\settings.json');
    expect(claudeStatePath(windows)).toBe('C:\\Users\\me\\.claude.json');
    expect(claudeCodeRecordPath(windows)).toBe('C:\\Users\\me\\AppData\\Roaming\\Switchboard\\clients\\claude-code.json');
    expect(claudeSettingsPath({ home: '/home/me', platform: 'linux', stateDir: '/tmp' })).toBe('/home/me/.claude/settings.json');
  });

  it('list project settings from cwd up to, not including, home (case-insensitively on Windows)', () => {
    expect(projectSettingsPaths(windows, 'c:\\users\\ME\\code\\app')).toEqual([
      'c:\\users\\ME\\code\\app\\.claude\\settings.json',
      'c:\\users\\ME\\code\\app\\.claude\\settings.local.json',
      'c:\\users\\ME\\code\\.claude\\settings.json',
      'c:\\users\\ME\\code\\.claude\\settings.local.json',
    ]);
    expect(projectSettingsPaths({ home: '/home/me', stateDir: '/tmp' }, '/srv/app')).toEqual([
      '/srv/app/.claude/settings.json',
      '/srv/app/.claude/settings.local.json',
      '/srv/.claude/settings.json',
      '/srv/.claude/settings.local.json',
      '/.claude/settings.json',
      '/.claude/settings.local.json',
    ]);
  });
});
