import { createHash, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { ownerKeyPath, readOwnerKey } from './owner-key.js';

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A config entry is a key, or "sha256:<64 hex>" so the config file need not hold the key itself. */
function configEntryHash(entry: string): Buffer {
  const match = /^sha256:([0-9a-f]{64})$/i.exec(entry);
  return match?.[1] ? Buffer.from(match[1], 'hex') : hashKey(entry);
}

/**
 * The client keys this server accepts, held only as SHA-256 hashes. The owner key file is re-read when it
 * changes, so `switchboard key rotate` takes effect in a running server.
 */
export class KeyRing {
  /** Each config key's id ("config:<first 8 hex of its hash>") and hash. */
  private configKeys: (readonly [string, Buffer])[] = [];
  /** The config keys and, when there is one, the owner key ("owner"): what a presented key is compared with. */
  private known: (readonly [string, Buffer])[] = [];
  private ownerFileStamp = '';
  private lastCheck = Number.NEGATIVE_INFINITY;

  constructor(
    configKeys: readonly string[],
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.useConfigKeys(configKeys);
  }

  /** Replaces the config file's keys (after the file changed): a removed key stops working at once. */
  useConfigKeys(configKeys: readonly string[]): void {
    const owner = this.known.filter(([id]) => id === 'owner');
    this.configKeys = configKeys.map(configEntryHash).map((hash) => [`config:${hash.toString('hex').slice(0, 8)}`, hash] as const);
    this.known = [...this.configKeys, ...owner];
  }

  /** True when any of the presented keys is one of ours. */
  async accepts(presented: readonly string[]): Promise<boolean> {
    return (await this.identify(presented)) !== null;
  }

  /**
   * Which of our keys was presented: "owner", or "config:<first 8 hex of its hash>" for a config key; null for
   * none. Every comparison runs, in constant time.
   */
  async identify(presented: readonly string[]): Promise<string | null> {
    await this.refreshOwnerKey();
    let match: string | null = null;
    for (const key of presented) {
      const candidate = hashKey(key);
      for (const [id, hash] of this.known) if (timingSafeEqual(candidate, hash)) match ??= id;
    }
    return match;
  }

  get size(): number {
    return this.known.length;
  }

  async refreshOwnerKey(force = false): Promise<void> {
    const now = this.now();
    if (!force && now - this.lastCheck < 1000) return;
    this.lastCheck = now;
    const stamp = await stat(ownerKeyPath(this.dataDir)).then(
      (info) => `${info.mtimeMs}:${info.size}:${info.ino}`,
      () => 'missing',
    );
    if (stamp === this.ownerFileStamp) return;
    const key = await readOwnerKey(this.dataDir);
    this.known = key ? [...this.configKeys, ['owner', hashKey(key)]] : this.configKeys;
    this.ownerFileStamp = stamp;
  }
}
