/** A real CLI run by a test: in a process group of its own (killed whole at the deadline), its output collected. */
import { spawn } from 'node:child_process';

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
