import { describe, expect, it } from 'vitest';
import type { ClientReport, ClientSetup } from '../proxy/index.js';
import { createClaudeCodeSetup, type ClaudeCodeState } from './claude-code-setup.js';

class FakeConfigError extends Error {}

const PATH = '/home/me/.claude/settings.json';

function report(overrides: Partial<ClientReport> = {}): ClientReport {
  return { client: 'claude-code', name: 'Claude Code', configPath: PATH, configured: false, baseUrl: null, pointsHere: false, keyValid: false, problem: null, models: [], ...overrides };
}

/** A client setup whose Claude Code is configured (for `address`) or not, as the test changes it. */
function fakeClients(initial: { configured: boolean; address?: string }) {
  const state = { configured: initial.configured, address: initial.address ?? 'http://127.0.0.1:8317', current: 'http://127.0.0.1:8317' };
  const calls: string[] = [];
  let failWith: Error | null = null;
  const clients: ClientSetup = {
    status: async () => {
      if (failWith) throw failWith;
      return report(state.configured ? { configured: true, baseUrl: state.address, pointsHere: state.address === state.current, keyValid: true } : {});
    },
    configure: async (client) => {
      calls.push(`configure ${client}`);
      if (failWith) throw failWith;
      const changed = state.configured && state.address === state.current ? [] : ['env.ANTHROPIC_BASE_URL', 'env.ANTHROPIC_AUTH_TOKEN'];
      state.configured = true;
      state.address = state.current;
      return { path: PATH, changed, backupPath: changed.length > 0 ? `${PATH}.bak` : null, keyId: 'key_1', defaultModel: null, models: [] };
    },
    restore: async (client) => {
      calls.push(`restore ${client}`);
      const mode = state.configured ? 'backup' : 'nothing';
      state.configured = false;
      return { path: PATH, restored: [], mode, revokedKey: mode === 'backup' ? 'key_1' : null };
    },
  };
  const setup = createClaudeCodeSetup({
    withClientSetup: (use) => use(clients),
    isConfigFileError: (error) => error instanceof FakeConfigError,
  });
  const seen: ClaudeCodeState[] = [];
  setup.onChange((next) => seen.push(next));
  return { setup, state, calls, seen, fail: (error: Error | null) => (failWith = error) };
}

describe('createClaudeCodeSetup', () => {
  it('starts unknown and reads the state the menu needs', async () => {
    const { setup } = fakeClients({ configured: false });
    expect(setup.state()).toEqual({ kind: 'unknown' });
    expect(await setup.refresh()).toEqual({ kind: 'not-configured' });
  });

  it('configures, says so, and flips the menu to Restore', async () => {
    const { setup, seen } = fakeClients({ configured: false });
    const result = await setup.configure();
    expect(result).toEqual({ ok: true, message: `Claude Code now uses Switchboard, with a key of its own (${PATH}). The file as it was is kept as a backup.` });
    expect(setup.state()).toEqual({ kind: 'configured', pointsHere: true });
    expect(seen).toEqual([{ kind: 'configured', pointsHere: true }]);
    expect(await setup.configure()).toEqual({ ok: true, message: `Claude Code was already set up for Switchboard (${PATH}).` });
  });

  it('restores and flips the menu back to Configure', async () => {
    const { setup } = fakeClients({ configured: true });
    expect(await setup.restore()).toEqual({ ok: true, message: `${PATH} is back as it was before. The key made for it is revoked.` });
    expect(setup.state()).toEqual({ kind: 'not-configured' });
    expect(await setup.restore()).toEqual({ ok: true, message: `Switchboard had not changed ${PATH}; nothing to restore.` });
  });

  it('reports a file it refuses to touch with the fix, and other failures with what failed', async () => {
    const { setup, fail } = fakeClients({ configured: false });
    fail(new FakeConfigError(`${PATH}:3:5: invalid JSON`));
    expect(await setup.configure()).toEqual({ ok: false, message: `${PATH}:3:5: invalid JSON — fix the file, then try again.` });
    expect(setup.state()).toEqual({ kind: 'unreadable', problem: `${PATH}:3:5: invalid JSON` });
    fail(new Error('disk full'));
    expect(await setup.configure()).toEqual({ ok: false, message: 'Configuring Claude Code failed: disk full' });
  });

  it('follows the proxy to a new port only when Switchboard had set Claude Code up', async () => {
    const moved = fakeClients({ configured: true });
    moved.state.current = 'http://127.0.0.1:8318';
    expect(await moved.setup.refresh()).toEqual({ kind: 'configured', pointsHere: false });
    expect((await moved.setup.followMove())?.ok).toBe(true);
    expect(moved.calls).toEqual(['configure claude-code']);
    expect(moved.setup.state()).toEqual({ kind: 'configured', pointsHere: true });

    const untouched = fakeClients({ configured: false });
    untouched.state.current = 'http://127.0.0.1:8318';
    expect(await untouched.setup.followMove()).toBeNull();
    expect(untouched.calls).toEqual([]);
  });
});
