/**
 * The real Claude Code CLI as the client tests run it. It is not a dependency of the app: it lives in
 * e2e/clients/package.json (pinned) and is installed with `npm ci --prefix e2e/clients`; without it the tests that
 * use it are skipped (CI installs it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CLAUDE = join(HERE, 'node_modules', '.bin', 'claude');
export const CLAUDE_PACKAGE_JSON = join(HERE, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json');
export const claudeInstalled = existsSync(CLAUDE) && existsSync(CLAUDE_PACKAGE_JSON);
export const CLAUDE_SKIP_REASON = 'Claude Code is not installed in e2e/clients: run `npm ci --prefix e2e/clients` to run these tests';

export const CLAUDE_RUN_TIMEOUT_MS = 90_000;

export interface ClaudeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `claude -p <prompt> --output-format json` in a throwaway HOME, working directory and TMPDIR (each passed to
 * `keep` for removal afterwards) with only the environment given plus what turns off telemetry, error reports and
 * update checks: nothing of the machine's own Claude login or settings can leak in, and nothing but Switchboard is
 * contacted. `home` runs it in a HOME that client setup configured instead.
 */
export function runClaude(prompt: string, env: Record<string, string>, options: { keep: (dir: string) => void; home?: string }): Promise<ClaudeRun> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sb-claude-home-'));
  const cwd = mkdtempSync(join(tmpdir(), 'sb-claude-cwd-'));
  // Claude Code leaves scratch directories in $TMPDIR/claude-<uid>: keep them in a directory removed afterwards.
  const tmp = mkdtempSync(join(tmpdir(), 'sb-claude-tmp-'));
  for (const dir of [home, cwd, tmp]) options.keep(dir);
  const fullEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmp,
    ...env,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE, ['-p', prompt, '--output-format', 'json'], {
      cwd,
      env: fullEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLAUDE_RUN_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
