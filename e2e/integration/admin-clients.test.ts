import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startStack, type Stack } from './harness.js';

/** Client setup through the admin API (what the dashboard and the tray call), on a temporary home. */
describe('admin API: client setup', () => {
  let stack: Stack;
  let home: string;
  const saved = { HOME: process.env.HOME, CODEX_HOME: process.env.CODEX_HOME };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sb-admin-clients-'));
    // The server configures the clients of the user it runs as: here, a home of our own.
    process.env.HOME = home;
    delete process.env.CODEX_HOME;
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
    process.env.HOME = saved.HOME;
    if (saved.CODEX_HOME !== undefined) process.env.CODEX_HOME = saved.CODEX_HOME;
    rmSync(home, { recursive: true, force: true });
  });

  const call = <T>(method: string, path: string, body?: unknown) => adminCall<T>(stack, method, path, body);

  it('configures Claude Code, keeps the person’s settings, reports it healthy, and restores it byte for byte', async () => {
    const settingsPath = join(home, '.claude', 'settings.json');
    mkdirSync(join(home, '.claude'));
    const original = '{\n  "theme": "dark",\n  "env": { "EDITOR": "vim" }\n}\n';
    writeFileSync(settingsPath, original);

    const configured = await call<{ changed: string[]; status: { configured: boolean; pointsHere: boolean; keyValid: boolean } }>('POST', '/admin/clients/claude-code/configure', {
      models: { main: 'claude-sonnet-4-6' },
    });
    expect(configured.status).toBe(200);
    expect(configured.body.status).toMatchObject({ configured: true, pointsHere: true, keyValid: true });
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as { theme: string; env: Record<string, string> };
    expect(settings.theme).toBe('dark');
    expect(settings.env).toMatchObject({ EDITOR: 'vim', ANTHROPIC_BASE_URL: stack.url, ANTHROPIC_MODEL: 'claude-sonnet-4-6' });

    const doctor = await call<{ findings: { severity: string; message: string }[] }>('GET', '/admin/clients/claude-code/doctor');
    expect(doctor.body.findings.filter((finding) => finding.severity === 'error')).toEqual([]);

    const restored = await call<{ mode: string; revokedKey: string | null }>('POST', '/admin/clients/claude-code/restore');
    expect(restored.body.mode).toBe('backup');
    expect(restored.body.revokedKey).toMatch(/^key_/);
    expect(readFileSync(settingsPath, 'utf8')).toBe(original);
  });

  it('refuses to touch a file it cannot read, and says where the error is', async () => {
    mkdirSync(join(home, '.codex'), { recursive: true });
    writeFileSync(join(home, '.codex', 'config.toml'), 'model = "o3"\n[broken\n');
    const refused = await call<{ error: { message: string } }>('POST', '/admin/clients/codex/configure');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/config\.toml:2/);
    expect(readFileSync(join(home, '.codex', 'config.toml'), 'utf8')).toBe('model = "o3"\n[broken\n');
    expect(existsSync(join(home, '.codex', 'switchboard.config.toml'))).toBe(false);
  });

  it('lists both clients with their state', async () => {
    const listed = await call<{ clients: { client: string; configured: boolean }[] }>('GET', '/admin/clients');
    expect(listed.status).toBe(200);
    expect(listed.body.clients.map((client) => client.client)).toEqual(['claude-code', 'codex']);
  });
});
