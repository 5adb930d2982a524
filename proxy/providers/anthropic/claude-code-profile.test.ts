import { describe, expect, it } from 'vitest';
import { applyProfileToBody, isClaudeCodeClient, profileHeaders } from './claude-code-profile.js';
import { CLAUDE_CODE_SYSTEM_PROMPT } from './constants.js';

const profile = { cliVersion: '2.1.330', entrypoint: 'cli', sessionId: 'session-1', deviceId: 'd'.repeat(64) };

describe('Claude Code request profile', () => {
  it('recognises Claude Code by its user agent or its system prompt', () => {
    expect(isClaudeCodeClient({ 'user-agent': 'claude-cli/2.1.330 (external, sdk-cli)' }, {})).toBe(true);
    expect(isClaudeCodeClient({}, { system: [{ type: 'text', text: `${CLAUDE_CODE_SYSTEM_PROMPT}\nMore.` }] })).toBe(true);
    expect(isClaudeCodeClient({}, { system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.330.8f4; cc_entrypoint=sdk-cli;' }] })).toBe(true);
    expect(isClaudeCodeClient({ 'user-agent': 'Anthropic/JS 1.12.0' }, { system: 'You are a helpful bot.' })).toBe(false);
  });

  it("puts Claude Code's system block first and keeps the client's blocks (with cache_control) after it", () => {
    const blocks = [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }];
    const edited = applyProfileToBody({ model: 'm', system: blocks }, profile, 'acct-uuid');
    expect(edited.system).toEqual([{ type: 'text', text: CLAUDE_CODE_SYSTEM_PROMPT }, ...blocks]);
    expect(applyProfileToBody({ system: 'Be brief.' }, profile, null).system).toEqual([
      { type: 'text', text: CLAUDE_CODE_SYSTEM_PROMPT },
      { type: 'text', text: 'Be brief.' },
    ]);
    expect(applyProfileToBody({}, profile, null).system).toEqual([{ type: 'text', text: CLAUDE_CODE_SYSTEM_PROMPT }]);
  });

  it('adds metadata.user_id in Claude Code\'s JSON form only when the client sent none', () => {
    const edited = applyProfileToBody({ metadata: { other: 1 } }, profile, 'acct-uuid');
    expect(edited.metadata).toEqual({ other: 1, user_id: JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: 'acct-uuid', session_id: 'session-1' }) });
    expect(applyProfileToBody({ metadata: { user_id: 'mine' } }, profile, 'x').metadata).toEqual({ user_id: 'mine' });
  });

  it('never changes the original body', () => {
    const body = { system: 'x', metadata: {} };
    applyProfileToBody(body, profile, null);
    expect(body).toEqual({ system: 'x', metadata: {} });
  });

  it('sends the configured version and entrypoint in the user agent', () => {
    expect(profileHeaders({ ...profile, entrypoint: 'sdk-cli' })['user-agent']).toBe('claude-cli/2.1.330 (external, sdk-cli)');
    expect(profileHeaders(profile)['x-app']).toBe('cli');
  });
});
