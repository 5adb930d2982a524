import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CANNOT_OPEN_PROBLEM, NO_SEALER_PROBLEM, SEALED_PREFIX, installedSecretSealer, openSecrets, sealSecrets, useSecretSealer, type SecretSealer } from './secret-sealing.js';
import { TokenStore } from './token-store.js';

/** A real, reversible sealer: AES-256-GCM with a fixed key, like safeStorage with one keychain entry. */
function aesSealer(key: Buffer = Buffer.alloc(32, 7)): SecretSealer & { sealed: number } {
  const sealer = {
    sealed: 0,
    seal(plain: string): string {
      sealer.sealed++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed: string): string {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return sealer;
}

const plainAccount = { provider: 'anthropic' as const, access_token: 'sk-ant-oat01-secret', refresh_token: 'sk-ant-ort01-secret', email: 'me@example.com' };

function authDir(): string {
  return mkdtempSync(join(tmpdir(), 'sb-sealed-'));
}

function fileJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

afterEach(() => useSecretSealer(null));

describe('sealed account files', () => {
  it('seals both tokens on save and opens them on read (round trip)', async () => {
    const dir = authDir();
    const store = new TokenStore(dir, { sealer: aesSealer() });
    const saved = await store.upsert(plainAccount, 'me@example.com');

    expect(saved.data.access_token).toBe('sk-ant-oat01-secret');
    const onDisk = fileJson(saved.path);
    expect(onDisk.access_token).toMatch(new RegExp(`^${SEALED_PREFIX}[A-Za-z0-9+/=]+$`));
    expect(onDisk.refresh_token).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    expect(readFileSync(saved.path, 'utf8')).not.toContain('sk-ant-');
    expect(onDisk.email).toBe('me@example.com');

    const { accounts, invalid } = await store.list();
    expect(invalid).toEqual([]);
    expect(accounts[0]?.data).toMatchObject({ access_token: 'sk-ant-oat01-secret', refresh_token: 'sk-ant-ort01-secret' });
  });

  it('loads a plain file written by a person and seals it on the next save, keeping keys it does not know', async () => {
    const dir = authDir();
    const path = join(dir, 'anthropic-me@example.com.json');
    writeFileSync(path, JSON.stringify({ ...plainAccount, written_by: 'another-tool' }));
    const sealer = aesSealer();
    const store = new TokenStore(dir, { sealer });

    const [loaded] = (await store.list()).accounts;
    expect(loaded?.data.access_token).toBe('sk-ant-oat01-secret');
    await store.save({ id: loaded!.id, data: { ...loaded!.data, label: 'work' } });

    const onDisk = fileJson(path);
    expect(onDisk).toMatchObject({ written_by: 'another-tool', label: 'work', email: 'me@example.com' });
    expect(sealer.open(String(onDisk.access_token).slice(SEALED_PREFIX.length))).toBe('sk-ant-oat01-secret');
    expect(sealer.open(String(onDisk.refresh_token).slice(SEALED_PREFIX.length))).toBe('sk-ant-ort01-secret');
  });

  it('leaves a missing or null refresh token alone', async () => {
    const dir = authDir();
    const store = new TokenStore(dir, { sealer: aesSealer() });
    const saved = await store.upsert({ ...plainAccount, refresh_token: null }, 'me@example.com');
    expect(fileJson(saved.path).refresh_token).toBeNull();
    expect((await store.list()).accounts[0]?.data.refresh_token).toBeNull();
  });

  it('lists a sealed file as invalid, in words, where no sealer is installed, and leaves the file as it was', async () => {
    const dir = authDir();
    const saved = await new TokenStore(dir, { sealer: aesSealer() }).upsert(plainAccount, 'me@example.com');
    const before = readFileSync(saved.path, 'utf8');

    const { accounts, invalid } = await new TokenStore(dir, { sealer: null }).list();
    expect(accounts).toEqual([]);
    expect(invalid).toEqual([{ path: saved.path, problem: NO_SEALER_PROBLEM }]);
    expect(NO_SEALER_PROBLEM).toMatch(/desktop app.*keychain.*log in again/);
    expect(readFileSync(saved.path, 'utf8')).toBe(before);
  });

  it('says the keychain key is not this one when another sealer cannot open the file', async () => {
    const dir = authDir();
    const saved = await new TokenStore(dir, { sealer: aesSealer(Buffer.alloc(32, 1)) }).upsert(plainAccount, 'me@example.com');
    const before = readFileSync(saved.path, 'utf8');

    const { accounts, invalid } = await new TokenStore(dir, { sealer: aesSealer(Buffer.alloc(32, 2)) }).list();
    expect(accounts).toEqual([]);
    expect(invalid.map((file) => file.problem)).toEqual([CANNOT_OPEN_PROBLEM]);
    expect(CANNOT_OPEN_PROBLEM).toMatch(/another user or computer.*log in again/);
    expect(readFileSync(saved.path, 'utf8')).toBe(before);
  });

  it('uses the process-wide sealer, looked up at each read and write', async () => {
    const dir = authDir();
    const store = new TokenStore(dir);
    const plain = await store.upsert(plainAccount, 'me@example.com');
    expect(fileJson(plain.path).access_token).toBe('sk-ant-oat01-secret');

    const sealer = aesSealer();
    useSecretSealer(sealer);
    expect(installedSecretSealer()).toBe(sealer);
    await store.upsert({ ...plainAccount, label: 'again' }, 'me@example.com');
    expect(fileJson(plain.path).access_token).toMatch(new RegExp(`^${SEALED_PREFIX}`));
    expect((await store.list()).accounts[0]?.data.access_token).toBe('sk-ant-oat01-secret');

    useSecretSealer(null);
    expect((await store.list()).invalid.map((file) => file.problem)).toEqual([NO_SEALER_PROBLEM]);
  });

  it('writes the tokens as they are when the keychain refuses to seal, so a login is never lost', async () => {
    const dir = authDir();
    const refusing: SecretSealer = {
      seal: () => {
        throw new Error('user denied keychain access');
      },
      open: (sealed) => sealed,
    };
    const saved = await new TokenStore(dir, { sealer: refusing }).upsert(plainAccount, 'me@example.com');
    expect(fileJson(saved.path)).toMatchObject({ access_token: 'sk-ant-oat01-secret', refresh_token: 'sk-ant-ort01-secret' });
  });
});

describe('sealSecrets / openSecrets', () => {
  it('seal only the token fields and never seal twice', () => {
    const sealer = aesSealer();
    const sealed = sealSecrets({ ...plainAccount, label: 'x' }, sealer);
    expect(sealed.label).toBe('x');
    expect(sealer.sealed).toBe(2);
    expect(sealSecrets(sealed, sealer)).toEqual(sealed);
    expect(sealer.sealed).toBe(2);
    expect(openSecrets(sealed, sealer)).toEqual({ ...plainAccount, label: 'x' });
  });

  it('pass everything through without a sealer, and non-objects as they are', () => {
    expect(sealSecrets(plainAccount, null)).toBe(plainAccount);
    expect(openSecrets(plainAccount, null)).toEqual(plainAccount);
    expect(openSecrets([1], null)).toEqual([1]);
    expect(openSecrets('text', null)).toBe('text');
  });
});
