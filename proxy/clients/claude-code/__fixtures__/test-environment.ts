/** Temporary homes for the Claude Code configurator's tests (not a test file itself: vitest only runs *.test.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEnvironment, ClientTarget } from '../../client-setup.js';

export function temporaryEnvironment(env: Record<string, string> = {}): ClientEnvironment & { settingsPath: string; recordPath: string } {
  const root = mkdtempSync(join(tmpdir(), 'sb-claude-code-'));
  const home = join(root, 'home');
  const stateDir = join(root, 'data', 'clients');
  let clock = Date.parse('2026-11-23T10:00:00.000Z');
  return {
    home,
    platform: 'linux',
    env,
    stateDir,
    // Each call a second later, so backups taken in one test never share a name by accident.
    now: () => (clock += 1000),
    settingsPath: join(home, '.claude', 'settings.json'),
    recordPath: join(stateDir, 'claude-code.json'),
  };
}

export const target: ClientTarget = {
  baseUrl: 'http://127.0.0.1:8317',
  apiKey: 'sb-key-one',
  models: { main: 'claude-opus-4-5', haiku: 'claude-haiku-4-5' },
};
