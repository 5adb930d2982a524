import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashKey, KeyRing } from './key-ring.js';
import { ensureOwnerKey, rotateOwnerKey } from './owner-key.js';

describe('KeyRing', () => {
  it('accepts config keys given as keys or as sha256 hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    const ring = new KeyRing(['plain-key-0123456789', `sha256:${hashKey('hashed-key-0123456789').toString('hex')}`], dir);
    expect(await ring.accepts(['plain-key-0123456789'])).toBe(true);
    expect(await ring.accepts(['hashed-key-0123456789'])).toBe(true);
    expect(await ring.accepts(['wrong-key-0123456789'])).toBe(false);
    expect(await ring.accepts(['wrong', 'plain-key-0123456789'])).toBe(true);
    expect(await ring.accepts([])).toBe(false);
  });

  it('follows a rotation of the owner key in the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    let clock = 0;
    const ring = new KeyRing([], dir, () => clock);
    const { key: first, created } = await ensureOwnerKey(dir);
    expect(created).toBe(true);
    expect(first).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
    expect(await ring.accepts([first])).toBe(true);
    const second = await rotateOwnerKey(dir);
    clock += 1500;
    expect(await ring.accepts([first])).toBe(false);
    expect(await ring.accepts([second])).toBe(true);
    expect((await ensureOwnerKey(dir)).created).toBe(false);
  });

  it('takes new config keys while running, and keeps the owner key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-keys-'));
    const { key: owner } = await ensureOwnerKey(dir);
    const ring = new KeyRing(['old-config-key-0123456789'], dir);
    expect(await ring.accepts([owner])).toBe(true);
    ring.useConfigKeys(['new-config-key-0123456789']);
    expect(await ring.accepts(['old-config-key-0123456789'])).toBe(false);
    expect(await ring.accepts(['new-config-key-0123456789'])).toBe(true);
    expect(await ring.accepts([owner])).toBe(true);
    expect(ring.size).toBe(2);
  });
});
