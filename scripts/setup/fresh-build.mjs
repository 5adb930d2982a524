/**
 * Build once, rebuild only when the sources changed: a build's output is kept with a stamp beside it
 * (dist/<name>.build-stamp) holding the hash of every input file's path and content. A command that finds the
 * stamp equal to the hash of the inputs as they are now runs the output as it is; otherwise it builds first.
 * Contents, not modification times, decide: a checkout that touches files without changing them costs nothing,
 * and a file put back to an older content is still noticed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {object} BuildTarget
 * @property {string} name  names the stamp (dist/<name>.build-stamp)
 * @property {string} what  what it builds, in words, for the progress line
 * @property {string[]} inputs  folders and files, relative to the root, whose contents the output is made from
 * @property {(path: string) => boolean} [ignore]  input files (relative, with "/") that do not reach the output, e.g. tests
 * @property {(root: string) => Promise<void>} build  writes the output; throws when it fails
 */

/** A lock whose holder wrote no process id for this long was left by a process that died while taking it. */
const EMPTY_LOCK_GRACE_MS = 10_000;

/**
 * The input files of a target, relative to the root with "/" separators, sorted.
 * @param {string} root
 * @param {BuildTarget} target
 * @returns {string[]}
 */
export function listInputs(root, target) {
  const files = [];
  for (const input of target.inputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    if (!statSync(path).isDirectory()) {
      files.push(input);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return files.filter((file) => !target.ignore?.(file)).sort();
}

/**
 * One hash over the path and content of every input file.
 * @param {string} root
 * @param {BuildTarget} target
 */
export function inputHash(root, target) {
  const hash = createHash('sha256');
  for (const file of listInputs(root, target)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * @param {string} root
 * @param {BuildTarget} target
 */
export function stampPath(root, target) {
  return join(root, 'dist', `${target.name}.build-stamp`);
}

/**
 * @param {string} root
 * @param {BuildTarget} target
 */
function readStamp(root, target) {
  try {
    return readFileSync(stampPath(root, target), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Builds the target unless its stamp matches its inputs. Two commands started at once build it once: the second
 * waits for the first and then finds the output fresh.
 * @param {string} root
 * @param {BuildTarget} target
 * @param {{ say?: (line: string) => void }} [options] say: where progress goes (stderr by default, so stdout stays
 *   the command's own words)
 * @returns {Promise<'fresh' | 'built'>}
 */
export async function ensureFresh(root, target, options = {}) {
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  if (readStamp(root, target) === inputHash(root, target)) return 'fresh';
  return withBuildLock(root, say, async () => {
    const hash = inputHash(root, target);
    if (readStamp(root, target) === hash) return 'fresh';
    const rebuild = existsSync(stampPath(root, target));
    // No stamp while building: a build that fails or is interrupted is stale the next time.
    rmSync(stampPath(root, target), { force: true });
    say(rebuild ? `Rebuilding ${target.what}: its sources changed since the last build…` : `Building ${target.what}…`);
    await target.build(root);
    writeFileSync(stampPath(root, target), `${hash}\n`);
    return 'built';
  });
}

/**
 * Runs `work` while holding dist/.build.lock (a file created exclusively, holding the builder's process id). A
 * lock whose process is gone is taken over.
 * @template T
 * @param {string} root
 * @param {(line: string) => void} say
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withBuildLock(root, say, work) {
  const lock = join(root, 'dist', '.build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    if (lockHolderGone(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!told) say('Waiting for another build of Switchboard in this folder to finish…');
    told = true;
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** @param {string} lock */
function lockHolderGone(lock) {
  let text;
  let age;
  try {
    text = readFileSync(lock, 'utf8').trim();
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile: try again
  }
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return age > EMPTY_LOCK_GRACE_MS;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'ESRCH';
  }
}
