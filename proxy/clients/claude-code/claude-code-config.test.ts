import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientConfigError } from '../client-setup.js';
import { applyClaudeCode, claudeCodeStatus, restoreClaudeCode } from './claude-code-config.js';
import { target, temporaryEnvironment } from './__fixtures__/test-environment.js';

const OTHER_SETTINGS = `{
  "model": "opus",
  "permissions": {
    "allow": ["Bash(npm test:*)"],
    "deny": []
  },
  "env": {
    "DISABLE_TELEMETRY": "1",
    "ANTHROPIC_MODEL": "claude-sonnet-4-5",
    "MY_NUMBER": 3
  },
  "hooks": {}
}`;

function writeSettings(path: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function backupsBeside(path: string): string[] {
  return readdirSync(dirname(path)).filter((name) => name.includes('.switchboard-backup-'));
}

describe('applyClaudeCode', () => {
  it('creates settings.json (0600) and its folder when there is none', async () => {
    const environment = temporaryEnvironment();
    const result = await applyClaudeCode(environment, target);
    expect(result).toEqual({
      path: environment.settingsPath,
      backupPath: null,
      changed: ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'],
    });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(
      `${JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:8317', ANTHROPIC_AUTH_TOKEN: 'sb-key-one', ANTHROPIC_MODEL: 'claude-opus-4-5', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5' } }, null, 2)}\n`,
    );
    expect(statSync(environment.settingsPath).mode & 0o777).toBe(0o600);
    expect(statSync(environment.recordPath).mode & 0o777).toBe(0o600);
    expect(readJson(environment.recordPath)).toMatchObject({
      settingsPath: environment.settingsPath,
      backupPath: null,
      createdFile: true,
      createdDir: true,
      writtenSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      keys: { ANTHROPIC_AUTH_TOKEN: { set: 'sb-key-one', previous: { kind: 'absent' } } },
    });
  });

  it('keeps every other setting and env key in its order, and the file mode, after a byte-for-byte backup', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS, 0o640);
    const result = await applyClaudeCode(environment, target);

    const text = readFileSync(environment.settingsPath, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const written = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['model', 'permissions', 'env', 'hooks']);
    expect(written.permissions).toEqual({ allow: ['Bash(npm test:*)'], deny: [] });
    expect(written.env).toEqual({
      DISABLE_TELEMETRY: '1',
      ANTHROPIC_MODEL: 'claude-opus-4-5',
      MY_NUMBER: 3,
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8317',
      ANTHROPIC_AUTH_TOKEN: 'sb-key-one',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
    });
    expect(Object.keys(written.env as object)).toEqual(['DISABLE_TELEMETRY', 'ANTHROPIC_MODEL', 'MY_NUMBER', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_DEFAULT_HAIKU_MODEL']);
    expect(statSync(environment.settingsPath).mode & 0o777).toBe(0o640);

    expect(result.backupPath).toBe(`${environment.settingsPath}.switchboard-backup-2026-11-23T10-00-01.000Z`);
    expect(readFileSync(result.backupPath!, 'utf8')).toBe(OTHER_SETTINGS);
    expect(readJson(environment.recordPath)).toMatchObject({
      keys: { ANTHROPIC_MODEL: { set: 'claude-opus-4-5', previous: { kind: 'value', value: 'claude-sonnet-4-5' } } },
    });
  });

  it('adds an env object at the end when the file has none', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '{"theme":"dark"}');
    await applyClaudeCode(environment, { baseUrl: 'http://127.0.0.1:8317/', apiKey: 'k' });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe('{\n  "theme": "dark",\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://127.0.0.1:8317",\n    "ANTHROPIC_AUTH_TOKEN": "k"\n  }\n}\n');
  });

  it.each([
    ['invalid JSON', '{\n  "model": "opus",\n  "env": {\n    "A": 1,\n  }\n}\n', 5, 3],
    ['a token V8 reports without a position', '{\n  "env": }', 2, 10],
    ['a file that ends early', '{\n  "env": {', 2, 11],
    ['a root that is not an object', '[1, 2]', 1, 1],
  ])('refuses %s without touching it, naming the line', async (_name, text, line, column) => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, text);
    const error = await applyClaudeCode(environment, target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientConfigError);
    expect(error).toMatchObject({ path: environment.settingsPath, line, column });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(text);
    expect(backupsBeside(environment.settingsPath)).toEqual([]);
    expect(existsSync(environment.recordPath)).toBe(false);
  });

  it('refuses an env that is not an object', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '{"env": ["A=1"]}');
    await expect(applyClaudeCode(environment, target)).rejects.toThrow(/"env" is not an object/);
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe('{"env": ["A=1"]}');
  });

  it('changes nothing when the same target is applied again', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    const first = await applyClaudeCode(environment, target);
    const bytes = readFileSync(environment.settingsPath);
    const record = readFileSync(environment.recordPath);
    const mtime = statSync(environment.settingsPath).mtimeMs;

    const again = await applyClaudeCode(environment, target);
    expect(again).toEqual({ path: environment.settingsPath, backupPath: first.backupPath, changed: [] });
    expect(readFileSync(environment.settingsPath).equals(bytes)).toBe(true);
    expect(readFileSync(environment.recordPath).equals(record)).toBe(true);
    expect(statSync(environment.settingsPath).mtimeMs).toBe(mtime);
    expect(backupsBeside(environment.settingsPath)).toHaveLength(1);
  });

  it('keeps a UTF-8 byte order mark', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '\uFEFF{"a": 1}');
    await applyClaudeCode(environment, target);
    expect(readFileSync(environment.settingsPath, 'utf8').startsWith('\uFEFF{\n  "a": 1,')).toBe(true);
    await restoreClaudeCode(environment);
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe('\uFEFF{"a": 1}');
  });
});

describe('restoreClaudeCode', () => {
  it('puts the exact prior bytes back when the file is untouched since', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS, 0o640);
    const { backupPath } = await applyClaudeCode(environment, target);
    const result = await restoreClaudeCode(environment);
    expect(result).toEqual({
      path: environment.settingsPath,
      mode: 'backup',
      restored: ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'],
      kept: [],
    });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(OTHER_SETTINGS);
    expect(statSync(environment.settingsPath).mode & 0o777).toBe(0o640);
    expect(existsSync(backupPath!)).toBe(false);
    expect(existsSync(environment.recordPath)).toBe(false);
    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'nothing', restored: [] });
  });

  it('deletes the file, and the .claude folder it created, when there was none before', async () => {
    const environment = temporaryEnvironment();
    mkdirSync(environment.home, { recursive: true });
    await applyClaudeCode(environment, target);
    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'backup' });
    expect(existsSync(environment.settingsPath)).toBe(false);
    expect(existsSync(dirname(environment.settingsPath))).toBe(false);
  });

  it('keeps a .claude folder that was there before, or that has other files now', async () => {
    const environment = temporaryEnvironment();
    mkdirSync(dirname(environment.settingsPath), { recursive: true });
    await applyClaudeCode(environment, target);
    await restoreClaudeCode(environment);
    expect(readdirSync(dirname(environment.settingsPath))).toEqual([]);

    const other = temporaryEnvironment();
    await applyClaudeCode(other, target);
    writeFileSync(`${dirname(other.settingsPath)}/CLAUDE.md`, '# mine');
    await restoreClaudeCode(other);
    expect(readdirSync(dirname(other.settingsPath))).toEqual(['CLAUDE.md']);
  });

  it('after a hand edit takes back only its own keys and leaves the person’s changes', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const edited = JSON.parse(readFileSync(environment.settingsPath, 'utf8')) as { env: Record<string, unknown>; [key: string]: unknown };
    edited.env.ANTHROPIC_DEFAULT_HAIKU_MODEL = 'my-haiku';
    edited.env.NEW_VAR = 'x';
    edited.theme = 'light';
    writeFileSync(environment.settingsPath, JSON.stringify(edited, null, 4));

    const result = await restoreClaudeCode(environment);
    expect(result).toEqual({
      path: environment.settingsPath,
      mode: 'keys',
      restored: ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_MODEL'],
      kept: ['ANTHROPIC_DEFAULT_HAIKU_MODEL'],
    });
    const after = readJson(environment.settingsPath);
    expect(after).toEqual({
      model: 'opus',
      permissions: { allow: ['Bash(npm test:*)'], deny: [] },
      env: { DISABLE_TELEMETRY: '1', ANTHROPIC_MODEL: 'claude-sonnet-4-5', MY_NUMBER: 3, ANTHROPIC_DEFAULT_HAIKU_MODEL: 'my-haiku', NEW_VAR: 'x' },
      hooks: {},
      theme: 'light',
    });
    expect(existsSync(environment.recordPath)).toBe(false);
  });

  it('removes an env object it created once it is empty again', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '{"theme":"dark"}');
    await applyClaudeCode(environment, { baseUrl: 'http://127.0.0.1:8317', apiKey: 'k' });
    const edited = readJson(environment.settingsPath) as Record<string, unknown>;
    writeFileSync(environment.settingsPath, JSON.stringify({ ...edited, theme: 'light' }));
    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'keys' });
    expect(readJson(environment.settingsPath)).toEqual({ theme: 'light' });
  });

  it('goes back to before the first apply after two different targets', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const second = await applyClaudeCode(environment, { baseUrl: 'http://127.0.0.1:9999', apiKey: 'sb-key-two', models: { main: 'gpt-5', sonnet: 'x-sonnet', haiku: null } });
    expect(second.changed).toEqual(['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL']);
    expect(readJson(environment.settingsPath)).toMatchObject({ env: { ANTHROPIC_MODEL: 'gpt-5', ANTHROPIC_AUTH_TOKEN: 'sb-key-two' } });
    expect((readJson(environment.settingsPath) as { env: object }).env).not.toHaveProperty('ANTHROPIC_DEFAULT_HAIKU_MODEL');
    expect(readJson(environment.recordPath)).toMatchObject({ keys: { ANTHROPIC_MODEL: { set: 'gpt-5', previous: { kind: 'value', value: 'claude-sonnet-4-5' } } } });
    expect(backupsBeside(environment.settingsPath)).toHaveLength(1);

    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'backup' });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(OTHER_SETTINGS);
  });

  it('keeps the models an earlier apply set when a later target names none, and restore still gives back the original bytes', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const bytes = readFileSync(environment.settingsPath);

    const again = await applyClaudeCode(environment, { ...target, models: {} });
    expect(again.changed).toEqual([]);
    expect(readFileSync(environment.settingsPath).equals(bytes)).toBe(true);
    const moved = await applyClaudeCode(environment, { baseUrl: 'http://127.0.0.1:9999', apiKey: 'sb-key-two' });
    expect(moved.changed).toEqual(['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN']);
    expect(readJson(environment.settingsPath)).toMatchObject({ env: { ANTHROPIC_MODEL: 'claude-opus-4-5', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5' } });

    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'backup', restored: expect.arrayContaining(['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL']) });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(OTHER_SETTINGS);
  });

  it('gives a model back to what it was before Switchboard when the target sets it to null', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);

    const again = await applyClaudeCode(environment, { ...target, models: { main: null } });
    expect(again.changed).toEqual(['ANTHROPIC_MODEL']);
    expect(readJson(environment.settingsPath)).toMatchObject({ env: { ANTHROPIC_MODEL: 'claude-sonnet-4-5', ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5' } });
    expect(readJson(environment.recordPath)).not.toHaveProperty('keys.ANTHROPIC_MODEL');
    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'backup' });
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe(OTHER_SETTINGS);
  });

  it('leaves a model the person changed since as theirs when a later target names none', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const edited = readJson(environment.settingsPath) as { env: Record<string, unknown> };
    edited.env.ANTHROPIC_MODEL = 'my-model';
    writeFileSync(environment.settingsPath, JSON.stringify(edited));

    await applyClaudeCode(environment, { ...target, models: {} });
    expect(readJson(environment.recordPath)).not.toHaveProperty('keys.ANTHROPIC_MODEL');
    await restoreClaudeCode(environment);
    expect(readJson(environment.settingsPath)).toMatchObject({ env: { ANTHROPIC_MODEL: 'my-model' } });
  });

  it('does not put the backup back over a hand edit made between two applies', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const edited = readJson(environment.settingsPath) as Record<string, unknown>;
    writeFileSync(environment.settingsPath, JSON.stringify({ ...edited, theme: 'light' }));
    await applyClaudeCode(environment, { ...target, apiKey: 'sb-key-two' });

    expect(await restoreClaudeCode(environment)).toMatchObject({ mode: 'keys' });
    expect(readJson(environment.settingsPath)).toMatchObject({ theme: 'light', env: { ANTHROPIC_MODEL: 'claude-sonnet-4-5' } });
    expect((readJson(environment.settingsPath) as { env: object }).env).not.toHaveProperty('ANTHROPIC_AUTH_TOKEN');
  });

  it('refuses a file broken since, keeping the record for a later try', async () => {
    const environment = temporaryEnvironment();
    await applyClaudeCode(environment, target);
    writeFileSync(environment.settingsPath, '{ broken');
    await expect(restoreClaudeCode(environment)).rejects.toBeInstanceOf(ClientConfigError);
    expect(readFileSync(environment.settingsPath, 'utf8')).toBe('{ broken');
    expect(existsSync(environment.recordPath)).toBe(true);
  });
});

describe('claudeCodeStatus', () => {
  it('reports what Claude Code will use: settings env first, then the shell', async () => {
    const environment = temporaryEnvironment({ ANTHROPIC_BASE_URL: 'https://api.anthropic.com', ANTHROPIC_API_KEY: 'sk-ant-shell' });
    expect(await claudeCodeStatus(environment, 'http://127.0.0.1:8317')).toEqual({
      client: 'claude-code',
      configPath: environment.settingsPath,
      configured: false,
      baseUrl: 'https://api.anthropic.com',
      pointsHere: false,
      apiKey: 'sk-ant-shell',
      models: [],
    });

    await applyClaudeCode(environment, target);
    expect(await claudeCodeStatus(environment, 'http://127.0.0.1:8317/')).toMatchObject({ configured: true, baseUrl: 'http://127.0.0.1:8317', pointsHere: true, apiKey: 'sb-key-one' });

    const edited = readJson(environment.settingsPath) as { env: Record<string, unknown> };
    delete edited.env.ANTHROPIC_AUTH_TOKEN;
    writeFileSync(environment.settingsPath, JSON.stringify(edited));
    expect(await claudeCodeStatus(environment, 'http://127.0.0.1:8317')).toMatchObject({ configured: false, pointsHere: true, apiKey: 'sk-ant-shell' });
  });

  it('reports the model settings Claude Code will act on, where each comes from and which are still Switchboard’s', async () => {
    const environment = temporaryEnvironment({ ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-shell' });
    writeSettings(environment.settingsPath, OTHER_SETTINGS);
    await applyClaudeCode(environment, target);
    const edited = readJson(environment.settingsPath) as { env: Record<string, unknown> };
    edited.env.ANTHROPIC_DEFAULT_HAIKU_MODEL = 'my-haiku';
    writeFileSync(environment.settingsPath, JSON.stringify(edited));

    expect((await claudeCodeStatus(environment, 'http://127.0.0.1:8317')).models).toEqual([
      { slot: 'main', setting: 'ANTHROPIC_MODEL', where: environment.settingsPath, value: 'claude-opus-4-5', setBySwitchboard: true },
      { slot: 'opus', setting: 'ANTHROPIC_DEFAULT_OPUS_MODEL', where: 'your shell environment', value: 'claude-opus-shell', setBySwitchboard: false },
      { slot: 'haiku', setting: 'ANTHROPIC_DEFAULT_HAIKU_MODEL', where: environment.settingsPath, value: 'my-haiku', setBySwitchboard: false },
    ]);
  });

  it('falls back to the settings file’s own "model" when ANTHROPIC_MODEL is not set', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '{"model": "opusplan"}');
    expect((await claudeCodeStatus(environment, 'http://127.0.0.1:8317')).models).toEqual([
      { slot: 'main', setting: 'model', where: environment.settingsPath, value: 'opusplan', setBySwitchboard: false },
    ]);
  });

  it('reads an unreadable settings file as no settings', async () => {
    const environment = temporaryEnvironment();
    writeSettings(environment.settingsPath, '{');
    expect(await claudeCodeStatus(environment, 'http://127.0.0.1:8317')).toMatchObject({ configured: false, baseUrl: null, apiKey: null });
  });
});
