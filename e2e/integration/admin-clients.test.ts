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

  it('configures the Codex CLI with a served model when none is named, and keeps it when configured again', async () => {
    rmSync(join(home, '.codex'), { recursive: true, force: true });
    const configPath = join(home, '.codex', 'config.toml');
    interface Configured {
      defaultModel: string | null;
      models: { setting: string; value: string | null; served: boolean | null }[];
      status: { configured: boolean; models: { served: boolean | null }[] };
    }

    const first = await call<Configured>('POST', '/admin/clients/codex/configure', {});
    expect(first.status).toBe(200);
    expect(first.body.defaultModel).toEqual(expect.any(String));
    expect(readFileSync(configPath, 'utf8')).toContain(`model = "${first.body.defaultModel}"`);
    expect(first.body.models).toEqual([expect.objectContaining({ setting: 'model', value: first.body.defaultModel, served: true })]);
    expect(first.body.status.models).toEqual([expect.objectContaining({ served: true })]);

    // Another model it serves, from what it lists to the owner (no model name written into the test).
    const listed = await call<{ data: { id: string }[] }>('GET', '/v1/models');
    const chosen = listed.body.data.map((model) => model.id).find((id) => id !== first.body.defaultModel) ?? '';
    const named = await call<Configured>('POST', '/admin/clients/codex/configure', { models: { main: chosen } });
    expect(named.body.defaultModel).toBeNull();
    const again = await call<Configured>('POST', '/admin/clients/codex/configure', {});
    expect(again.body).toMatchObject({ defaultModel: null, models: [{ value: chosen, served: true }] });
    expect(readFileSync(configPath, 'utf8')).toContain(`model = "${chosen}"`);

    const doctor = await call<{ findings: unknown[] }>('GET', '/admin/clients/codex/doctor');
    expect(doctor.body.findings).toEqual([]);
  });

  it('refuses a model it does not serve with a 400 naming the field and what it serves, unless forced', async () => {
    const configPath = join(home, '.codex', 'config.toml');
    const before = readFileSync(configPath, 'utf8');
    const refused = await call<{ error: { message: string; type: string; param: string; code: string } }>('POST', '/admin/clients/codex/configure', { models: { main: 'gpt-6.2-sol' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', param: 'models.main', code: 'model_not_found' });
    expect(refused.body.error.message).toMatch(/does not serve the model "gpt-6\.2-sol"; it serves \S+, .*"force": true/);
    expect(readFileSync(configPath, 'utf8')).toBe(before);

    const wrongSlot = await call<{ error: { param: string; code: string } }>('POST', '/admin/clients/codex/configure', { models: { opus: 'any-model' }, force: true });
    expect(wrongSlot.status).toBe(400);
    expect(wrongSlot.body.error).toMatchObject({ param: 'models.opus', code: 'invalid_model' });

    const forced = await call<{ models: { served: boolean }[] }>('POST', '/admin/clients/codex/configure', { models: { main: 'gpt-6.2-sol' }, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.models).toEqual([expect.objectContaining({ value: 'gpt-6.2-sol', served: false })]);
    const doctor = await call<{ findings: { severity: string; message: string; fix: string }[] }>('GET', '/admin/clients/codex/doctor');
    expect(doctor.body.findings).toEqual([{ severity: 'error', message: expect.stringContaining('"gpt-6.2-sol"'), fix: expect.stringContaining('switchboard clients configure codex --model ') }]);

    await call('POST', '/admin/clients/codex/restore');
    expect(existsSync(configPath)).toBe(false);
  });

  it('lists both clients with their state', async () => {
    const listed = await call<{ clients: { client: string; configured: boolean }[] }>('GET', '/admin/clients');
    expect(listed.status).toBe(200);
    expect(listed.body.clients.map((client) => client.client)).toEqual(['claude-code', 'codex']);
  });
});
