import { describe, expect, it } from 'vitest';
import { claudeModelSettings, lookupVariable, modelClaudeCodeSends, SHELL } from './claude-code-models.js';

describe('modelClaudeCodeSends', () => {
  it.each([
    ['opusplan', null],
    ['Sonnet', null],
    ['sonnet[1m]', null],
    ['default', null],
    ['claude-opus-4-7[1m]', 'claude-opus-4-7'],
    [' gpt-5 ', 'gpt-5'],
  ])('%j → %j', (value, sent) => {
    expect(modelClaudeCodeSends(value)).toBe(sent);
  });
});

describe('lookupVariable and claudeModelSettings', () => {
  const user = { where: '/h/.claude/settings.json', env: { ANTHROPIC_MODEL: 'claude-x' }, root: { model: 'ignored-when-the-variable-is-set' } };

  it('takes the first settings file that sets a variable; an empty value there unsets the shell’s', () => {
    const project = { where: '/p/.claude/settings.json', env: { ANTHROPIC_MODEL: '' }, root: {} };
    expect(lookupVariable('ANTHROPIC_MODEL', [user], { ANTHROPIC_MODEL: 'shell' })).toEqual({ value: 'claude-x', where: user.where });
    expect(lookupVariable('ANTHROPIC_MODEL', [project, user], { ANTHROPIC_MODEL: 'shell' })).toBeNull();
    expect(lookupVariable('ANTHROPIC_SMALL_FAST_MODEL', [user], { ANTHROPIC_SMALL_FAST_MODEL: 'shell' })).toEqual({ value: 'shell', where: SHELL });
  });

  it('marks a value as Switchboard’s only when it is in the user settings as Switchboard wrote it', () => {
    const owned = (key: string) => (key === 'ANTHROPIC_MODEL' ? 'claude-x' : undefined);
    expect(claudeModelSettings([user], {}, user.where, owned)).toEqual([{ slot: 'main', setting: 'ANTHROPIC_MODEL', where: user.where, value: 'claude-x', setBySwitchboard: true }]);
    expect(claudeModelSettings([user], {}, '/elsewhere/settings.json', owned)[0]?.setBySwitchboard).toBe(false);
  });
});
