/**
 * How long the README's commands take on a warm checkout (dependencies installed, last build still fresh):
 * `npm run serve` until GET /health answers, and `npm run --silent switchboard -- key show` until it exits. Each is
 * run RUNS times against a temporary home, config and data folder; the medians are compared with the goals
 * (/health within 2 s, a CLI command under 1 s). Run with `npm run bench cold-start`; not part of `npm test`.
 *
 * The first start of each is not counted: it may have to (re)build dist/, which is what "warm" excludes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HEALTH_BUDGET_MS = 2000;
const CLI_BUDGET_MS = 1000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const home = mkdtempSync(join(tmpdir(), 'switchboard-cold-start-'));
const configPath = join(home, 'config.yaml');
writeFileSync(configPath, 'port: 0\nauth-dir: ./auth\ndata-dir: ./data\n');
// A person's own settings must not leak in (a SWITCHBOARD_CONFIG, a log level).
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home, SWITCHBOARD_LOG_LEVEL: 'warn' };
for (const name of Object.keys(env)) if (name.startsWith('SWITCHBOARD_') && name !== 'SWITCHBOARD_LOG_LEVEL') delete env[name];

/** Milliseconds from `npm run serve` to the first 200 from /health. */
async function timeServeToHealth(): Promise<number> {
  const started = performance.now();
  // Its own process group, so the whole npm → node chain is stopped together.
  const child = spawn(NPM, ['run', '--silent', 'serve', '--', '--config', configPath], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+?)\/?\s/.exec(output);
        if (match?.[1]) resolveUrl(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`npm run serve exited (${code}) before it listened:\n${output}`)));
    });
    for (;;) {
      const answer = await fetch(`${url}/health`).catch(() => null);
      if (answer?.ok) return performance.now() - started;
      await new Promise((wait) => setTimeout(wait, 10));
    }
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

/** Milliseconds for `npm run --silent switchboard -- key show`, which must print the key and nothing else. */
function timeKeyShow(): number {
  const started = performance.now();
  const result = spawnSync(NPM, ['run', '--silent', 'switchboard', '--', '--config', configPath, 'key', 'show'], { cwd: ROOT, env, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || !/^sk-sb-\S+\n$/.test(result.stdout)) throw new Error(`key show failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

try {
  timeKeyShow(); // creates the owner key, and builds what is stale
  await timeServeToHealth();
  const health: number[] = [];
  const keyShow: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    health.push(await timeServeToHealth());
    keyShow.push(timeKeyShow());
  }
  const rows = [
    { what: 'npm run serve → /health', runs: health, budget: HEALTH_BUDGET_MS },
    { what: 'npm run switchboard -- key show', runs: keyShow, budget: CLI_BUDGET_MS },
  ];
  let over = 0;
  for (const row of rows) {
    const value = median(row.runs);
    if (value >= row.budget) over++;
    console.log(`${row.what.padEnd(34)} median ${value.toFixed(0).padStart(5)} ms  (budget ${row.budget} ms; runs ${row.runs.map((ms) => ms.toFixed(0)).join(', ')})`);
  }
  process.exitCode = over > 0 ? 1 : 0;
} finally {
  rmSync(home, { recursive: true, force: true });
}
