import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findProviderModule, useSecretSealer, validateConfig } from '../../proxy/index.js';
import { chooseTokenProtection, type SafeStorageLike } from './token-protection.js';

/** safeStorage as Electron has it on one machine: bytes that only this fake can turn back into text. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; broken?: string } = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => {
      calls.push('getSelectedStorageBackend');
      return options.backend ?? 'unknown';
    },
    encryptString: (plain) => {
      calls.push('encryptString');
      if (options.broken) throw new Error(options.broken);
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)]);
    },
    decryptString: (encrypted) => {
      calls.push('decryptString');
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
    },
  };
}

describe('chooseTokenProtection', () => {
  it.each([
    ['darwin', undefined, 'Account tokens are encrypted with the macOS Keychain.'],
    ['win32', undefined, 'Account tokens are encrypted with Windows data protection (DPAPI).'],
    ['linux', 'gnome_libsecret', 'Account tokens are encrypted with the GNOME keyring (libsecret).'],
    ['linux', 'kwallet6', 'Account tokens are encrypted with KWallet.'],
  ] as const)('seals with safeStorage on %s (%s)', (platform, backend, description) => {
    const safeStorage = fakeSafeStorage({ backend });
    const { sealer, protection } = chooseTokenProtection(safeStorage, platform);
    expect(protection).toEqual({ encrypted: true, description });
    const sealed = sealer!.seal('sk-ant-oat01-secret');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('sk-ant');
    expect(sealer!.open(sealed)).toBe('sk-ant-oat01-secret');
  });

  it('does not trust Linux’s basic_text backend, which is no real encryption', () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text', available: true });
    const { sealer, protection } = chooseTokenProtection(safeStorage, 'linux');
    expect(sealer).toBeNull();
    expect(protection.encrypted).toBe(false);
    expect(protection.description).toBe(
      'Not encrypted: no keyring was found (GNOME Keyring or KWallet), so account tokens are kept in files only your user account can read. Install or unlock a keyring and restart Switchboard to encrypt them.',
    );
    expect(safeStorage.calls).not.toContain('encryptString');
  });

  it('does not guess when Linux cannot say which keyring it uses (asked before "ready")', () => {
    const { sealer, protection } = chooseTokenProtection(fakeSafeStorage({ backend: 'unknown' }), 'linux');
    expect(sealer).toBeNull();
    expect(protection.description).toMatch(/^Not encrypted: the keyring in use \("unknown"\) is not one Switchboard trusts/);
  });

  it('says a Linux keyring is locked when encryption is not available with it', () => {
    const { sealer, protection } = chooseTokenProtection(fakeSafeStorage({ backend: 'gnome_libsecret', available: false }), 'linux');
    expect(sealer).toBeNull();
    expect(protection.description).toMatch(/^Not encrypted: the GNOME keyring \(libsecret\) is locked or not running/);
  });

  it.each([
    ['darwin', 'the macOS Keychain is not available'],
    ['win32', 'Windows data protection is not available'],
    ['freebsd', 'this system offers no keychain to Switchboard'],
  ] as const)('warns when safeStorage is not available on %s', (platform, words) => {
    const { sealer, protection } = chooseTokenProtection(fakeSafeStorage({ available: false }), platform);
    expect(sealer).toBeNull();
    expect(protection).toEqual({ encrypted: false, description: `Not encrypted: ${words}, so account tokens are kept in files only your user account can read.` });
  });

  it('asks the Linux backend only on Linux', () => {
    const safeStorage = fakeSafeStorage();
    chooseTokenProtection(safeStorage, 'darwin');
    expect(safeStorage.calls).not.toContain('getSelectedStorageBackend');
  });

  it('falls back to plain files when the keychain refuses the check at startup', () => {
    const { sealer, protection } = chooseTokenProtection(fakeSafeStorage({ broken: 'User interaction is not allowed.' }), 'darwin');
    expect(sealer).toBeNull();
    expect(protection.description).toBe(
      'Not encrypted: the macOS Keychain did not work (User interaction is not allowed.), so account tokens are kept in files only your user account can read.',
    );
  });
});

describe('the installed sealer', () => {
  afterEach(() => useSecretSealer(null));

  it('seals the tokens of an account file the proxy writes', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-home-'));
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-imported', refreshToken: 'sk-ant-ort01-imported' } }));
    const config = validateConfig({ 'auth-dir': join(home, 'auth') }, join(home, 'config.yaml'));
    const { sealer } = chooseTokenProtection(fakeSafeStorage(), 'darwin');
    useSecretSealer(sealer);

    const claudeCode = findProviderModule('anthropic')?.importers.find((importer) => importer.id === 'claude-code');
    const { account } = await claudeCode!.run(config, { home, fetch: () => Promise.reject(new Error('offline')) });

    const text = readFileSync(account.path, 'utf8');
    expect(text).not.toContain('sk-ant-');
    const onDisk = JSON.parse(text) as { access_token: string; refresh_token: string };
    expect(onDisk.access_token.startsWith('sealed:v1:')).toBe(true);
    expect(sealer!.open(onDisk.refresh_token.slice('sealed:v1:'.length))).toBe('sk-ant-ort01-imported');
  });
});
