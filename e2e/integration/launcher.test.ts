/**
 * bin/switchboard.js as `npm run switchboard -- …` runs it, in a copy of the checkout (its own dist/): the first
 * command builds the proxy, the next ones run that build as it is, an edited source is built again, and the
 * command's stdout holds only its own words. node_modules is the real one, linked.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** What the launcher says on stderr when it (re)builds dist/proxy. */
const BUILDING = /^(Building|Rebuilding) the server and CLI/m;

describe('the launcher (bin/switchboard.js)', () => {
  let checkout: string;
  let configPath: string;

  beforeAll(() => {
    checkout = mkdtempSync(join(tmpdir(), 'switchboard-launcher-'));
    for (const path of ['bin', 'scripts/setup', 'proxy', 'package.json', 'tsconfig.base.json', 'tsconfig.node.json']) {
      cpSync(join(ROOT, path), join(checkout, path), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'junction');
    mkdirSync(join(checkout, 'home'));
    configPath = join(checkout, 'home', 'config.yaml');
    writeFileSync(configPath, 'port: 0\nauth-dir: ./auth\ndata-dir: ./data\n');
  });
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  /** The launcher with a clean environment: as a person runs it, `npm` says whether it came through npm run. */
  function run(args: string[], env: NodeJS.ProcessEnv = {}, config = configPath, launcher = join(checkout, 'bin', 'switchboard.js')) {
    const clean: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!/^(SWITCHBOARD_|npm_)/.test(name)) clean[name] = value;
    const result = spawnSync(process.execPath, [launcher, '--config', config, ...args], {
      cwd: checkout,
      env: { ...clean, HOME: join(checkout, 'home'), SWITCHBOARD_LOG_LEVEL: 'info', ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('builds the proxy on the first command, then runs that build as it is', () => {
    const first = run(['key', 'show']);
    expect(first.stderr).toMatch(BUILDING);
    expect(first.status).toBe(0);
    // Only the key on stdout, so `$(npm run --silent switchboard -- key show)` is the key.
    expect(first.stdout).toMatch(/^sk-sb-\S+\n$/);
    expect(existsSync(join(checkout, 'dist', 'proxy', 'cli.js'))).toBe(true);
    const built = statSync(join(checkout, 'dist', 'proxy', 'cli.js')).mtimeMs;

    const second = run(['key', 'show']);
    expect(second.status).toBe(0);
    expect(second.stderr).not.toMatch(BUILDING);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(join(checkout, 'dist', 'proxy', 'cli.js')).mtimeMs).toBe(built);
  });

  it('builds again after a source changed, but not after a test changed', () => {
    run(['key', 'show']);
    appendFileSync(join(checkout, 'proxy', 'config', 'load.test.ts'), '\n// a test changed\n');
    expect(run(['key', 'show']).stderr).not.toMatch(BUILDING);

    appendFileSync(join(checkout, 'proxy', 'keys', 'owner-key.ts'), '\n// a source changed\n');
    const after = run(['key', 'show']);
    expect(after.stderr).toMatch(/^Rebuilding the server and CLI/m);
    expect(after.status).toBe(0);
  });

  it('names commands in hints the way the person ran the CLI', () => {
    const viaNpm = run(['keys', 'list'], { npm_package_name: 'switchboard' });
    expect(viaNpm.stdout).toContain('create one with `npm run switchboard -- keys create --label <name>`');
    const direct = run(['keys', 'list']);
    expect(direct.stdout).toContain('create one with `node bin/switchboard.js keys create --label <name>`');
    // Installed (npm link, npm install -g): a `switchboard` link to the launcher on the PATH.
    const link = join(checkout, 'home', 'switchboard');
    if (!existsSync(link)) symlinkSync(join(checkout, 'bin', 'switchboard.js'), link);
    const installed = run(['keys', 'list'], {}, configPath, link);
    expect(installed.stdout).toContain('create one with `switchboard keys create --label <name>`');
    const chosen = run(['keys', 'list'], { SWITCHBOARD_CLI: 'docker exec sb switchboard' });
    expect(chosen.stdout).toContain('create one with `docker exec sb switchboard keys create --label <name>`');
  });

  it('keeps stdout for the command\'s own words: `clients configure` logs to stderr', () => {
    // A data-dir of its own, so the usage database is created (and that logged) by this command.
    const fresh = join(checkout, 'home', 'fresh.yaml');
    writeFileSync(fresh, 'port: 0\nauth-dir: ./fresh/auth\ndata-dir: ./fresh/data\n');
    const configured = run(['clients', 'configure', 'claude-code'], {}, fresh);
    expect(configured.status).toBe(0);
    expect(configured.stdout).toContain('settings.json');
    for (const line of configured.stdout.trim().split('\n')) expect(line).not.toMatch(/^\s*\{/);
    // Its log (the usage database being created) is there, on stderr, as JSON (stderr is not a terminal here).
    expect(configured.stderr).toMatch(/^\{"level":30,.*"msg":"database schema migrated"\}$/m);
  });
});
