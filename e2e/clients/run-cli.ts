/** A real CLI run by a test: in a process group of its own (killed whole at the deadline), its output collected. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The whole group is killed after this long (a CLI waiting on something that never comes). */
  timeoutMs: number;
  /** Everything printed so far, after each chunk (for a test that acts on what the CLI says, a login address say). */
  onOutput?: (output: string) => void;
}

export function runCli(command: string, args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    let stdout = '';
    let stderr = '';
    const collect = (append: (chunk: string) => void) => (chunk: string) => {
      append(chunk);
      options.onOutput?.(`${stdout}\n${stderr}`);
    };
    child.stdout.setEncoding('utf8').on('data', collect((chunk) => (stdout += chunk)));
    child.stderr.setEncoding('utf8').on('data', collect((chunk) => (stderr += chunk)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/**
 * `switchboard <args>` as a person runs it in `home` (HOME and PATH only, the log silent), with `config` written to
 * `home/switchboard.yaml` first: the CLI a test drives against its stack.
 */
export function runSwitchboardCli(args: readonly string[], options: { home: string; config: object; timeoutMs: number }): Promise<CliRun> {
  const configPath = join(options.home, 'switchboard.yaml');
  writeFileSync(configPath, JSON.stringify(options.config));
  return runCli(TSX, ['proxy/cli.ts', '--config', configPath, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, SWITCHBOARD_LOG_LEVEL: 'silent' },
    timeoutMs: options.timeoutMs,
  });
}
