import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClientEnvironment, Finding } from '../client-setup.js';
import { applyClaudeCode } from './claude-code-config.js';
import { diagnoseClaudeCode, type ClaudeCodeDoctorOptions } from './claude-code-doctor.js';
import { testCatalog } from '../__fixtures__/test-catalog.js';
import { target, temporaryEnvironment } from './__fixtures__/test-environment.js';

const HERE = 'http://127.0.0.1:8317';

function options(overrides: Partial<ClaudeCodeDoctorOptions> = {}): ClaudeCodeDoctorOptions {
  return { expectedBaseUrl: HERE, probe: async () => 'ok', keyIsValid: async (key) => key === target.apiKey, models: testCatalog, ...overrides };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function configured(env: Record<string, string> = {}): Promise<ClientEnvironment & { settingsPath: string }> {
  const environment = temporaryEnvironment(env);
  await applyClaudeCode(environment, target);
  return environment;
}

function messages(findings: Finding[]): string[] {
  return findings.map((finding) => finding.message);
}

describe('diagnoseClaudeCode', () => {
  it('finds nothing when Claude Code is set up for this Switchboard', async () => {
    expect(await diagnoseClaudeCode(await configured(), options())).toEqual([]);
  });

  it('finds no base URL at all', async () => {
    const findings = await diagnoseClaudeCode(temporaryEnvironment(), options());
    expect(findings).toEqual([
      { severity: 'error', message: expect.stringContaining('ANTHROPIC_BASE_URL is not set'), fix: 'run `switchboard clients configure claude-code`' },
    ]);
  });

  it('finds a base URL that is another server, or this one with /v1', async () => {
    const environment = temporaryEnvironment({ ANTHROPIC_BASE_URL: 'https://api.anthropic.com' });
    expect(await diagnoseClaudeCode(environment, options())).toEqual([
      { severity: 'error', message: `ANTHROPIC_BASE_URL in your shell environment is https://api.anthropic.com, not this Switchboard (${HERE})`, fix: expect.stringContaining(HERE) },
    ]);
    write(environment.home + '/.claude/settings.json', JSON.stringify({ env: { ANTHROPIC_BASE_URL: `${HERE}/v1`, ANTHROPIC_AUTH_TOKEN: target.apiKey } }));
    expect(messages(await diagnoseClaudeCode(environment, options()))).toEqual([expect.stringMatching(/settings\.json ends with \/v1/)]);
  });

  it('finds the port not answering', async () => {
    const probed: string[] = [];
    const findings = await diagnoseClaudeCode(await configured(), options({ probe: async (url) => (probed.push(url), 'unreachable') }));
    expect(probed).toEqual([HERE]);
    expect(findings).toEqual([{ severity: 'error', message: `nothing answers at ${HERE}`, fix: expect.stringContaining('start Switchboard') }]);
  });

  it('finds a Switchboard that answers but has no account able to serve', async () => {
    const findings = await diagnoseClaudeCode(await configured(), options({ probe: async () => 'no_account' }));
    expect(findings).toEqual([{ severity: 'error', message: expect.stringContaining('no account of it can serve requests'), fix: expect.stringContaining('login anthropic') }]);
  });

  it('finds a revoked key without printing it', async () => {
    const findings = await diagnoseClaudeCode(await configured(), options({ keyIsValid: async () => false }));
    expect(findings).toEqual([{ severity: 'error', message: expect.stringContaining('not an active key of this Switchboard'), fix: expect.any(String) }]);
    expect(JSON.stringify(findings)).not.toContain(target.apiKey);
  });

  it('finds ANTHROPIC_API_KEY beside the token, in the shell or in settings', async () => {
    const shell = await diagnoseClaudeCode(await configured({ ANTHROPIC_API_KEY: 'sk-ant-real' }), options());
    expect(shell).toEqual([
      { severity: 'warning', message: expect.stringContaining('ANTHROPIC_API_KEY is set in your shell environment beside ANTHROPIC_AUTH_TOKEN'), fix: 'remove ANTHROPIC_API_KEY from your shell environment' },
    ]);
    expect(JSON.stringify(shell)).not.toContain('sk-ant-real');

    const environment = temporaryEnvironment();
    write(environment.settingsPath, JSON.stringify({ env: { ANTHROPIC_API_KEY: 'sk-ant-real' } }));
    await applyClaudeCode(environment, target);
    expect(await diagnoseClaudeCode(environment, options())).toEqual([
      { severity: 'warning', message: expect.stringContaining('both an x-api-key and a Bearer header'), fix: `remove ANTHROPIC_API_KEY from ${environment.settingsPath}` },
    ]);
  });

  it('finds an API key login in ~/.claude.json', async () => {
    const environment = await configured();
    write(join(environment.home, '.claude.json'), JSON.stringify({ numStartups: 3, primaryApiKey: 'sk-ant-login' }));
    const findings = await diagnoseClaudeCode(environment, options());
    expect(findings).toEqual([{ severity: 'warning', message: expect.stringContaining('primaryApiKey'), fix: expect.stringContaining('/logout') }]);
    expect(JSON.stringify(findings)).not.toContain('sk-ant-login');
  });

  it('finds project settings in cwd or its parents that override the base URL or the key', async () => {
    const environment = await configured();
    const project = join(environment.home, 'code', 'app');
    const cwd = join(project, 'src');
    mkdirSync(cwd, { recursive: true });
    write(join(project, '.claude', 'settings.json'), JSON.stringify({ permissions: {}, env: { ANTHROPIC_BASE_URL: 'https://gateway.example' } }));
    write(join(project, '.claude', 'settings.local.json'), JSON.stringify({ env: { ANTHROPIC_API_KEY: 'sk-ant-local', OTHER: '1' } }));
    write(join(cwd, '.claude', 'settings.json'), JSON.stringify({ env: { OTHER: '2' } }));

    const findings = await diagnoseClaudeCode(environment, options({ cwd }));
    expect(findings).toEqual([
      { severity: 'warning', message: `${join(project, '.claude', 'settings.local.json')} sets ANTHROPIC_API_KEY, which overrides your user settings when Claude Code runs in ${project}`, fix: expect.any(String) },
      { severity: 'warning', message: expect.stringContaining(`${join(project, '.claude', 'settings.json')} sets ANTHROPIC_BASE_URL`), fix: expect.stringContaining('remove ANTHROPIC_BASE_URL') },
      { severity: 'error', message: expect.stringContaining('is https://gateway.example, not this Switchboard'), fix: expect.any(String) },
      { severity: 'warning', message: expect.stringContaining('ANTHROPIC_API_KEY is set in'), fix: expect.stringContaining('settings.local.json') },
    ]);
    // The user settings file itself (home/.claude) is not a project file.
    expect(await diagnoseClaudeCode(environment, options({ cwd: environment.home }))).toEqual([]);
  });

  it('finds an invalid settings.json, with its line', async () => {
    const environment = temporaryEnvironment();
    write(environment.settingsPath, '{\n  "env": {\n    "A": "1",,\n  }\n}\n');
    const findings = await diagnoseClaudeCode(environment, options());
    expect(findings[0]).toEqual({ severity: 'error', message: expect.stringContaining(`${environment.settingsPath}:3:14`), fix: expect.stringContaining('at line 3, column 14') });
    expect(messages(findings)[1]).toContain('ANTHROPIC_BASE_URL is not set');
  });

  it('finds a model setting this Switchboard does not serve, naming what it serves and the configure that fixes it', async () => {
    const environment = temporaryEnvironment();
    await applyClaudeCode(environment, { ...target, models: { main: 'gpt-5', haiku: 'claude-haiku-4-5' } });
    expect(await diagnoseClaudeCode(environment, options())).toEqual([
      {
        severity: 'error',
        message: `ANTHROPIC_MODEL in ${environment.settingsPath} is "gpt-5": this Switchboard does not serve the model "gpt-5"; it serves sonnet, claude-opus-4-5, claude-sonnet-4-6, claude-haiku-4-5`,
        fix: 'run `switchboard clients configure claude-code --model <model>` with a model it serves (e.g. `--model sonnet`)',
      },
    ]);
  });

  it('checks every model slot, from the shell and the settings file’s own "model" too', async () => {
    const environment = await configured({ ANTHROPIC_SMALL_FAST_MODEL: 'o4-mini' });
    const shell = await diagnoseClaudeCode(environment, options());
    expect(shell).toEqual([{ severity: 'error', message: expect.stringMatching(/^ANTHROPIC_SMALL_FAST_MODEL in your shell environment is "o4-mini": /), fix: expect.stringContaining('--small-fast <model>') }]);

    const own = temporaryEnvironment();
    write(own.settingsPath, JSON.stringify({ model: 'gpt-5' }));
    await applyClaudeCode(own, { baseUrl: target.baseUrl, apiKey: target.apiKey });
    expect(messages(await diagnoseClaudeCode(own, options()))).toEqual([expect.stringMatching(/^model in .*settings\.json is "gpt-5"/)]);
  });

  it('leaves names Claude Code resolves itself alone (its aliases, a [1m] tag)', async () => {
    const environment = temporaryEnvironment();
    await applyClaudeCode(environment, { ...target, models: { main: 'opusplan', opus: 'claude-opus-4-5[1m]', sonnet: 'sonnet[1m]', haiku: 'default' } });
    expect(await diagnoseClaudeCode(environment, options())).toEqual([]);
  });

  it('says to change a project setting where it is: configure writes user settings, which a project overrides', async () => {
    const environment = await configured();
    const project = join(environment.home, 'code', 'app');
    write(join(project, '.claude', 'settings.json'), JSON.stringify({ env: { ANTHROPIC_MODEL: 'gpt-5' } }));
    expect(await diagnoseClaudeCode(environment, options({ cwd: project }))).toEqual([
      { severity: 'error', message: expect.stringContaining(`ANTHROPIC_MODEL in ${join(project, '.claude', 'settings.json')} is "gpt-5"`), fix: `set ANTHROPIC_MODEL in ${join(project, '.claude', 'settings.json')} to a model this Switchboard serves, or remove it` },
    ]);
  });

  it('does not judge the models of a Claude Code that is pointed elsewhere', async () => {
    const environment = temporaryEnvironment({ ANTHROPIC_BASE_URL: 'https://api.anthropic.com', ANTHROPIC_MODEL: 'gpt-5' });
    expect(messages(await diagnoseClaudeCode(environment, options()))).toEqual([expect.stringContaining('not this Switchboard')]);
  });

  it('finds CLAUDE_CONFIG_DIR moving the settings elsewhere', async () => {
    const findings = await diagnoseClaudeCode(await configured({ CLAUDE_CONFIG_DIR: '/opt/claude' }), options());
    expect(findings).toEqual([{ severity: 'warning', message: expect.stringContaining('CLAUDE_CONFIG_DIR is set (/opt/claude)'), fix: expect.any(String) }]);
  });
});
