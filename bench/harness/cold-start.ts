/**
 * How long the README's commands take on a warm checkout (dependencies installed, last build still fresh):
 * `npm run serve` until GET /health answers, and `npm run --silent switchboard -- key show` until it exits, each
 * against a temporary home, config and data folder. The first start of each is not counted: it may have to
 * (re)build dist/, which is what "warm" excludes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchEnv, ROOT, startServe } from './serve.js';

export const HEALTH_BUDGET_MS = 2000;
export const CLI_BUDGET_MS = 1000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Milliseconds from `npm run serve` to the first 200 from /health. */
async function timeServeToHealth(configPath: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const served = await startServe(NPM, ['run', '--silent', 'serve', '--', '--config', configPath], env);
  try {
    for (;;) {
      const answer = await fetch(`${served.url}/health`).catch(() => null);
      if (answer?.ok) return performance.now() - started;
      await new Promise((wait) => setTimeout(wait, 10));
    }
  } finally {
    await served.stop();
  }
}

/** Milliseconds for `npm run --silent switchboard -- key show`, which must print the key and nothing else. */
function timeKeyShow(configPath: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(NPM, ['run', '--silent', 'switchboard', '--', '--config', configPath, 'key', 'show'], { cwd: ROOT, env, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || !/^sk-sb-\S+\n$/.test(result.stdout)) throw new Error(`key show failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return elapsed;
}

/** `runs` timings of each command, in milliseconds. */
export async function measureColdStart(runs: number): Promise<{ healthMs: number[]; keyShowMs: number[] }> {
  const home = mkdtempSync(join(tmpdir(), 'switchboard-cold-start-'));
  const configPath = join(home, 'config.yaml');
  writeFileSync(configPath, 'port: 0\nauth-dir: ./auth\ndata-dir: ./data\n');
  // A person's own settings must not leak in (a SWITCHBOARD_CONFIG, a log level).
  const env: NodeJS.ProcessEnv = { ...benchEnv(home), SWITCHBOARD_LOG_LEVEL: 'warn' };
  try {
    timeKeyShow(configPath, env); // creates the owner key, and builds what is stale
    await timeServeToHealth(configPath, env);
    const healthMs: number[] = [];
    const keyShowMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      healthMs.push(await timeServeToHealth(configPath, env));
      keyShowMs.push(timeKeyShow(configPath, env));
    }
    return { healthMs, keyShowMs };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
