/**
 * `switchboard clients …` as a person runs it (the CLI as a child process, in a temporary home): the models it
 * writes and checks come from the running server when there is one, and from the config when there is none.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standaloneModelCatalog } from '../../proxy/clients/standalone-model-catalog.js';
import type { ModelCatalog } from '../../proxy/clients/model-catalog.js';
import { runSwitchboardCli, type CliRun } from '../clients/run-cli.js';
import { startStack, type Stack } from './harness.js';



describe('switchboard clients (CLI)', () => {
  let stack: Stack;
  let home: string;
  let catalog: ModelCatalog;

  beforeAll(async () => {
    stack = await startStack();
    home = mkdtempSync(join(tmpdir(), 'sb-clients-cli-'));
    catalog = await standaloneModelCatalog(stack.config, stack.url);
  });
  afterAll(async () => {
    await stack.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** The CLI with a config for this stack's data (`port` is where it looks for the running server). */
  function cli(args: string[], port = Number(new URL(stack.url).port)): Promise<CliRun> {
    const config = { host: '127.0.0.1', port, 'auth-dir': stack.config['auth-dir'], 'data-dir': stack.config['data-dir'], 'api-keys': stack.config['api-keys'] };
    return runSwitchboardCli(args, { home, config, timeoutMs: 60_000 });
  }

  const configToml = () => readFileSync(join(home, '.codex', 'config.toml'), 'utf8');

  it('refuses --model with a name it does not serve, naming what it serves and --force, and writes nothing', async () => {
    const run = await cli(['clients', 'configure', 'codex', '--model', 'gpt-6.2-sol']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`switchboard: this Switchboard does not serve the model "gpt-6.2-sol"; it serves ${catalog.suggested}, `);
    expect(run.stderr).toContain('(--force writes it anyway)');
    expect(run.stdout).toBe('');
  });

  it('configures the Codex CLI with a served model when none is named, and status and doctor agree', async () => {
    const run = await cli(['clients', 'configure', 'codex']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Model: ${catalog.suggested}, Switchboard's default for this client (another with --model).`);
    expect(configToml()).toContain(`model = "${catalog.suggested}"`);

    const status = await cli(['clients', 'status']);
    expect(status.stdout).toContain(`  models: model = ${catalog.suggested} (→ ${catalog.resolve(catalog.suggested ?? '')})`);
    expect(status.stdout).toContain("  models: the client's own models");
    const doctor = await cli(['clients', 'doctor', 'codex']);
    expect(doctor).toMatchObject({ code: 0, stdout: 'No problems found.\n' });
  });

  it('keeps the model on a second configure, also with no server running (the config’s providers decide)', async () => {
    const chosen = catalog.listed.find((name) => name !== catalog.suggested) ?? '';
    expect((await cli(['clients', 'configure', 'codex', '--model', chosen])).code).toBe(0);
    const closedPort = 9;
    const again = await cli(['clients', 'configure', 'codex'], closedPort);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("Switchboard's default");
    expect(configToml()).toContain(`model = "${chosen}"`);
    expect(configToml()).toContain(`base_url = "http://127.0.0.1:${closedPort}/v1"`);
  });

  it('the doctor reports a model taken out by hand, with the fix, and fails', async () => {
    expect((await cli(['clients', 'configure', 'codex'])).code).toBe(0);
    writeFileSync(join(home, '.codex', 'config.toml'), configToml().replace(/^model = .*\n/m, ''));
    const doctor = await cli(['clients', 'doctor', 'codex']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('no model is set, so the Codex CLI asks for a default model of its own choosing');
    expect(doctor.stdout).toContain(`fix: run \`switchboard clients configure codex\`, which sets \`model = "${catalog.suggested}"\``);

    expect((await cli(['clients', 'restore', 'codex'])).code).toBe(0);
  });
});
