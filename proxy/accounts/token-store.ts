import { chmod, lstat, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { createLogger } from '../log.js';
import { accountFileName, accountFileSchema, accountPartProblems, type Account, type AccountFile, type AccountParts } from './account-file.js';
import { installedSecretSealer, openSecrets, sealSecrets, type SecretSealer } from './secret-sealing.js';

const log = createLogger('accounts/token-store');

/** write-file-atomic's temporary files: "<account file>.<32-bit number>", renamed over the account file once whole. */
const TEMP_FILE = /\.json\.\d+$/;
/** A write takes milliseconds: a temporary file this old was left by a process killed while writing it. */
export const STALE_TEMP_FILE_MS = 60_000;

/** A lock older than this was left by a process that died holding it (a refresh takes seconds at most). */
export const STALE_LOCK_MS = 2 * 60_000;
const LOCK_POLL_MS = 25;
const LOCK_SUFFIX = '.lock';

/** Who holds a lock: "<pid>@<host>", so a lock of a process that is gone (killed) can be told apart at once. */
function lockOwner(): string {
  return `${process.pid}@${hostname()}\n`;
}

/**
 * A lock nobody holds any more: its process on this host is gone (kill -9 leaves the file), or it is older than
 * STALE_LOCK_MS (a holder on another host, which cannot be asked).
 */
async function isAbandonedLock(path: string, now: number): Promise<boolean> {
  const [stats, text] = await Promise.all([lstat(path).catch(() => null), readFile(path, 'utf8').catch(() => null)]);
  if (!stats || text === null) return false; // released meanwhile: the next try takes it
  if (now - stats.mtimeMs > STALE_LOCK_MS) return true;
  const owner = /^(\d+)@(.+)$/.exec(text.trim());
  if (!owner || owner[2] !== hostname()) return false;
  try {
    process.kill(Number(owner[1]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface InvalidAccountFile {
  path: string;
  problem: string;
}

export interface TokenStoreOptions {
  /** Seals the tokens at rest (default: the one installed with useSecretSealer, looked up on each read and write). */
  sealer?: SecretSealer | null;
  /**
   * The provider modules' own parts of the file (the registry's `accountParts`): with them, a file of an unknown
   * provider or with an invalid provider part is listed as invalid. Without them only the common core is checked.
   */
  parts?: AccountParts;
}

/**
 * Reads and writes account files in auth-dir: mode 0600, each write atomic (temp file + rename), tokens sealed
 * when a sealer is installed (secret-sealing.ts). Accounts in memory always hold the plain tokens.
 */
export class TokenStore {
  constructor(
    readonly dir: string,
    private readonly options: TokenStoreOptions = {},
  ) {}

  async list(): Promise<{ accounts: Account[]; invalid: InvalidAccountFile[] }> {
    await this.ensureDir();
    const names = (await readdir(this.dir)).filter((name) => name.endsWith('.json')).sort();
    const accounts: Account[] = [];
    const invalid: InvalidAccountFile[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      try {
        accounts.push({ id: name.slice(0, -'.json'.length), path, data: parseAccountFile(await readFile(path, 'utf8'), this.sealer(), this.options.parts) });
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        log.warn({ path, problem }, 'skipping an account file that is not valid');
        invalid.push({ path, problem });
      }
    }
    return { accounts, invalid };
  }

  /**
   * Removes the temporary files of writes that never finished (the process was killed between writing and
   * renaming): they hold tokens and nothing else would ever remove them. A younger one may be another process's
   * write in progress, and is left alone. Temporary files are never listed as accounts either way. Account locks
   * whose process is gone (see withLock) go too.
   */
  async removeStaleTempFiles(now = Date.now()): Promise<string[]> {
    await this.ensureDir();
    const removed: string[] = [];
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      if (name.endsWith(`.json${LOCK_SUFFIX}`)) {
        if (await isAbandonedLock(path, now)) {
          await rm(path, { force: true });
          removed.push(name);
        }
        continue;
      }
      if (!TEMP_FILE.test(name)) continue;
      try {
        const stats = await lstat(path);
        if (!stats.isFile() || now - stats.mtimeMs < STALE_TEMP_FILE_MS) continue;
        await rm(path, { force: true });
        removed.push(name);
      } catch (error) {
        log.warn({ path, problem: String(error) }, 'could not remove a temporary account file');
      }
    }
    if (removed.length > 0) log.info({ dir: this.dir, files: removed }, 'removed temporary account files left by an interrupted write');
    return removed;
  }

  /** Writes an account file; the data is validated first so a bad write can never replace a good file. */
  async save(account: Pick<Account, 'id' | 'data'>): Promise<Account> {
    await this.ensureDir();
    const data = accountFileSchema.parse({ ...account.data, updated_at: new Date().toISOString() });
    const problems = this.options.parts ? accountPartProblems(data, this.options.parts) : [];
    if (problems.length > 0) throw new Error(`the account would not be valid: ${problems.join('; ')}`);
    const path = join(this.dir, `${account.id}.json`);
    await writeFileAtomic(path, `${JSON.stringify(sealSecrets(data, this.sealer()), null, 2)}\n`, { mode: 0o600 });
    // write-file-atomic keeps the mode of an existing file; a file someone made 0644 is tightened here.
    await chmod(path, 0o600);
    return { id: account.id, path, data };
  }

  /**
   * Adds a new account or updates the one with the same provider and identity (a second login of one person), or
   * the account `into` names (a login that renews it). What the new data leaves out (label, priority) is kept.
   */
  async upsert(data: AccountFile, identity: string, options: { into?: string } = {}): Promise<Account> {
    const id = options.into ?? accountFileName(data.provider, identity).slice(0, -'.json'.length);
    // Under the account's lock: a refresh in progress (here or in another process) finishes first, and sees this login after.
    return this.withLock(id, async () => {
      const existing = await this.read(id);
      const now = new Date().toISOString();
      return this.save({ id, data: { ...existing?.data, ...data, created_at: existing?.data.created_at ?? now } });
    });
  }

  /**
   * Runs `use` holding the account's lock — a `<id>.json.lock` file created exclusively, so it also holds against
   * other processes sharing auth-dir (two Switchboards, the CLI beside the app). Whoever refreshes a login takes
   * it, re-reads the file and only then refreshes: a rotating refresh token is never spent twice. A lock older than
   * STALE_LOCK_MS was left by a process that died and is taken over; waiting longer than `waitMs` throws.
   */
  async withLock<T>(id: string, use: () => Promise<T>, options: { waitMs?: number; now?: () => number } = {}): Promise<T> {
    await this.ensureDir();
    const path = join(this.dir, `${id}.json${LOCK_SUFFIX}`);
    const now = options.now ?? Date.now;
    const deadline = now() + (options.waitMs ?? STALE_LOCK_MS);
    for (;;) {
      try {
        const handle = await open(path, 'wx', 0o600);
        await handle.writeFile(lockOwner());
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await isAbandonedLock(path, now())) {
          log.warn({ path }, 'taking over an account lock left by a process that stopped');
          await rm(path, { force: true });
          continue;
        }
        if (now() > deadline) throw new Error(`the account ${id} is locked by another process (${path}) for too long`, { cause: error });
        await sleep(LOCK_POLL_MS);
      }
    }
    try {
      return await use();
    } finally {
      await rm(path, { force: true });
    }
  }

  /** The account with this id, or null when there is no such readable file. */
  async read(id: string): Promise<Account | null> {
    const { accounts } = await this.list();
    return accounts.find((account) => account.id === id) ?? null;
  }

  async accountsOf(provider: string): Promise<Account[]> {
    return (await this.list()).accounts.filter((account) => account.data.provider === provider);
  }

  private sealer(): SecretSealer | null {
    return this.options.sealer === undefined ? installedSecretSealer() : this.options.sealer;
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }
}

/** Reads an account file's text, opening sealed tokens; throws with the problem in words. */
export function parseAccountFile(text: string, sealer: SecretSealer | null = installedSecretSealer(), parts?: AccountParts): AccountFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  json = openSecrets(json, sealer);
  const result = accountFileSchema.safeParse(json);
  if (!result.success) {
    throw new Error(result.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; '));
  }
  const problems = parts ? accountPartProblems(result.data, parts) : [];
  if (problems.length > 0) throw new Error(problems.join('; '));
  return result.data;
}
