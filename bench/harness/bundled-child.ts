/** A bench helper (an upstream, a pass-through) in a process of its own, bundled to plain JavaScript first. */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './serve.js';

/**
 * Starts bench/harness/<file> bundled, so that its memory and CPU are its own and not a TypeScript loader's;
 * resolves with the first message it sends.
 */
export async function bundledChild<T>(file: string, args: string[]): Promise<{ process: ChildProcess; first: T }> {
  const bundle = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), file.replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [join(ROOT, 'bench/harness', file)], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    // undici's CommonJS requires Node's modules, which an ES module bundle does through createRequire.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const started = fork(bundle, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const first = await new Promise<T>((resolve, reject) => {
      started.once('message', (message) => resolve(message as T));
      started.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
    });
    return { process: started, first };
  } finally {
    rmSync(dirname(bundle), { recursive: true, force: true });
  }
}
