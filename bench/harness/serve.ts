/**
 * Starting `switchboard serve` for a bench: the command line a person runs, in its own process group, until it
 * prints the address it listens on. Used by the cold-start bench and by the paths bench (bench/harness/switchboard.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface Served {
  url: string;
  /** The process that printed the address (npm's, when started through npm). */
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The environment of a bench's server: a temporary home, and none of the person's own SWITCHBOARD_ settings. */
export function benchEnv(home: string, keep: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
  for (const name of Object.keys(env)) if (name.startsWith('SWITCHBOARD_') && !keep.includes(name)) delete env[name];
  return env;
}

/** Runs `command args` and resolves once it printed "listening on <url>"; rejects if it exits first. */
export async function startServe(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Served> {
  // Its own process group, so a whole npm → node chain is stopped together.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise((done) => child.once('exit', done));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  let output = '';
  try {
    const onData = (chunk: Buffer) => (output += chunk.toString());
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        onData(chunk);
        const match = /listening on (http:\/\/\S+?)\/?\s/.exec(output);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it listened:\n${output}`)));
    });
    // From here on nobody reads the output (a request log, at load), but a full pipe would stall the server.
    for (const stream of [child.stdout!, child.stderr!]) stream.removeAllListeners('data').resume();
    return { url, child, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
