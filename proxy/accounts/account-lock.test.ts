import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStore } from './token-store.js';

/** A pid no process has (the kernel's pid_max is at most 2^22). */
const GONE_PID = 4_194_304 + 17;

describe('TokenStore.withLock: one holder of an account across processes', () => {
  let dir: string;
  let store: TokenStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-lock-'));
    store = new TokenStore(dir, { sealer: null });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs one holder at a time and leaves no lock behind', async () => {
    const order: string[] = [];
    const hold = (name: string) => store.withLock('example-ada', async () => {
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${name} out`);
    });
    await Promise.all([hold('a'), hold('b')]);
    // Either may take the lock first; neither may enter while the other holds it.
    expect([['a in', 'a out', 'b in', 'b out'], ['b in', 'b out', 'a in', 'a out']]).toContainEqual(order);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over at once a lock whose process is gone (kill -9), and waits for one whose process lives', async () => {
    await writeFile(join(dir, 'example-ada.json.lock'), `${GONE_PID}@${hostname()}\n`);
    expect(await store.withLock('example-ada', async () => 'taken')).toBe('taken');
    await writeFile(join(dir, 'example-bea.json.lock'), `${process.pid}@${hostname()}\n`);
    await expect(store.withLock('example-bea', async () => 'taken', { waitMs: 100 })).rejects.toThrow(/locked by another process/);
  });

  it('start-up removes the locks of processes that are gone, not those of live ones', async () => {
    await writeFile(join(dir, 'example-ada.json.lock'), `${GONE_PID}@${hostname()}\n`);
    await writeFile(join(dir, 'example-bea.json.lock'), `${process.pid}@${hostname()}\n`);
    expect(await store.removeStaleTempFiles()).toEqual(['example-ada.json.lock']);
    expect(await readdir(dir)).toEqual(['example-bea.json.lock']);
  });
});
