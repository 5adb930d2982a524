import { describe, expect, it } from 'vitest';

import type { ProviderCredentials } from '../../accounts/account-pool.js';
import { cursorConfigSchema } from './config-schema.js';
import { agentCredentialOf, createCursorTarget } from './provider.js';

const target = (section: Record<string, unknown> = {}) => createCursorTarget(cursorConfigSchema.parse(section), { fetch, refreshTimeoutMs: 1000 });

describe('the Cursor target', () => {
  it('serves cursor-* names as the rest of the name, and the aliases of Claude Code’s names', () => {
    const cursor = target();
    expect(cursor.resolveModel('cursor-gpt-5')).toBe('gpt-5');
    expect(cursor.resolveModel('cursor-claude-4.5-sonnet')).toBe('claude-4.5-sonnet');
    expect(cursor.resolveModel('claude-sonnet-4-5')).toBe('claude-4.5-sonnet');
    expect(cursor.resolveModel('gpt-5')).toBeNull(); // a bare name stays another provider's
    expect(cursor.resolveModel('cursor-')).toBeNull();
    expect(cursor.otherNames).toContain('cr');
  });

  it('lists its models under the names that route to it, from the config', () => {
    const cursor = target({ models: [{ id: 'gpt-5', name: 'GPT-5' }], aliases: { fast: 'gpt-5' } });
    expect(cursor.models().map((model) => model.id)).toEqual(['cursor-gpt-5', 'fast']);
    expect(cursor.resolveModel('fast')).toBe('gpt-5');
  });

  it("sends the login's machine id for the checksum when the account has one", () => {
    const credentials = (data: Record<string, unknown>) => ({ accessToken: 'token', account: { id: 'cursor-a', data: { provider: 'cursor', access_token: 'token', ...data } } }) as unknown as ProviderCredentials;
    expect(agentCredentialOf(credentials({ machine_id: 'machine-1' }))).toEqual({ accessToken: 'token', machineId: 'machine-1' });
    expect(agentCredentialOf(credentials({}))).toEqual({ accessToken: 'token' });
  });
});
