import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_BUILD, PROXY_BUILD } from './build-targets.mjs';
import { ensureFresh, listInputs, stampPath, type BuildTarget } from './fresh-build.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

describe('ensureFresh', () => {
  let root: string;
  let builds: number;
  let lines: string[];
  const say = (line: string) => lines.push(line);

  /** A target over src/, whose build copies src/main.txt to dist/out.txt. */
  function target(overrides: Partial<BuildTarget> = {}): BuildTarget {
    return {
      name: 'sample',
      what: 'the sample',
      inputs: ['src', 'recipe.txt'],
      ignore: (file) => file.endsWith('.test.txt'),
      build: async (at) => {
        builds++;
        writeFileSync(join(at, 'dist', 'out.txt'), readFileSync(join(at, 'src', 'main.txt')));
      },
      ...overrides,
    };
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-fresh-build-'));
    mkdirSync(join(root, 'src', 'nested'), { recursive: true });
    writeFileSync(join(root, 'src', 'main.txt'), 'one');
    writeFileSync(join(root, 'src', 'nested', 'helper.txt'), 'helper');
    writeFileSync(join(root, 'src', 'main.test.txt'), 'a test');
    writeFileSync(join(root, 'recipe.txt'), 'recipe 1');
    builds = 0;
    lines = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no stamp, then not again while the inputs stay the same', async () => {
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    expect(readFileSync(join(root, 'dist', 'out.txt'), 'utf8')).toBe('one');
    expect(existsSync(stampPath(root, target()))).toBe(true);
    expect(lines).toEqual(['Building the sample…']);

    expect(await ensureFresh(root, target(), { say })).toBe('fresh');
    expect(builds).toBe(1);
  });

  it('rebuilds when a file changes, in a nested folder or a single input file', async () => {
    await ensureFresh(root, target(), { say });
    writeFileSync(join(root, 'src', 'main.txt'), 'two');
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    expect(lines.at(-1)).toBe('Rebuilding the sample: its sources changed since the last build…');
    expect(readFileSync(join(root, 'dist', 'out.txt'), 'utf8')).toBe('two');

    writeFileSync(join(root, 'src', 'nested', 'helper.txt'), 'changed');
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    writeFileSync(join(root, 'recipe.txt'), 'recipe 2');
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    expect(builds).toBe(4);
  });

  it('rebuilds when a file is added or removed', async () => {
    await ensureFresh(root, target(), { say });
    writeFileSync(join(root, 'src', 'new.txt'), 'new');
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    rmSync(join(root, 'src', 'new.txt'));
    expect(await ensureFresh(root, target(), { say })).toBe('built');
  });

  it('does not rebuild for a new modification time alone, nor for a file the target ignores', async () => {
    await ensureFresh(root, target(), { say });
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'main.txt'), later, later);
    writeFileSync(join(root, 'src', 'main.test.txt'), 'another test');
    expect(await ensureFresh(root, target(), { say })).toBe('fresh');
    expect(builds).toBe(1);
  });

  it('leaves no stamp when the build fails, so the next run builds again', async () => {
    await ensureFresh(root, target(), { say });
    writeFileSync(join(root, 'src', 'main.txt'), 'broken');
    const failing = target({ build: () => Promise.reject(new Error('compile error')) });
    await expect(ensureFresh(root, failing, { say })).rejects.toThrow('compile error');
    expect(existsSync(stampPath(root, failing))).toBe(false);
    expect(existsSync(join(root, 'dist', '.build.lock'))).toBe(false);

    expect(await ensureFresh(root, target(), { say })).toBe('built');
    expect(readFileSync(join(root, 'dist', 'out.txt'), 'utf8')).toBe('broken');
  });

  it('builds once when two commands start at once: the second waits, then finds the output fresh', async () => {
    let finishFirst = () => {};
    const first = ensureFresh(root, target({ build: async (at) => {
      builds++;
      await new Promise<void>((resolveBuild) => (finishFirst = resolveBuild));
      writeFileSync(join(at, 'dist', 'out.txt'), 'first');
    } }), { say });
    await expect.poll(() => builds).toBe(1);

    const second = ensureFresh(root, target(), {
      say: (line) => {
        lines.push(line);
        if (line.startsWith('Waiting')) finishFirst();
      },
    });
    expect(await first).toBe('built');
    expect(await second).toBe('fresh');
    expect(builds).toBe(1);
    expect(lines).toContain('Waiting for another build of Switchboard in this folder to finish…');
  });

  it('takes over the lock of a build whose process is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', '.build.lock'), gone.stdout);
    expect(await ensureFresh(root, target(), { say })).toBe('built');
    expect(existsSync(join(root, 'dist', '.build.lock'))).toBe(false);
  });
});

describe('the build targets', () => {
  it('the proxy is built from its sources, without tests and fixtures', () => {
    const inputs = listInputs(ROOT, PROXY_BUILD);
    expect(inputs).toContain('proxy/cli.ts');
    expect(inputs).toContain('proxy/http/server.ts');
    expect(inputs).toContain('scripts/setup/build-targets.mjs');
    expect(inputs.filter((file) => file.endsWith('.test.ts') || file.includes('__fixtures__'))).toEqual([]);
  });

  it('the dashboard is built from renderer/ and the locked package versions, without tests', () => {
    const inputs = listInputs(ROOT, DASHBOARD_BUILD);
    expect(inputs).toContain('renderer/src/main.tsx');
    expect(inputs).toContain('renderer/index.html');
    expect(inputs).toContain('package-lock.json');
    expect(inputs.filter((file) => /\.test\.tsx?$/.test(file))).toEqual([]);
  });
});
