/**
 * Whether account tokens are encrypted at rest, and with what (issue 8): Electron's safeStorage where the OS
 * offers a real secret store (macOS Keychain, Windows DPAPI, a Linux keyring); elsewhere no sealer, the files
 * stay 0600, and the description says so for the tray and the dashboard to show. Pure: safeStorage comes in as
 * a parameter, so the decision is tested without Electron.
 */
import type { SecretSealer } from '../../proxy/index.js';
import type { TokenProtectionView } from '../../preload/contract.js';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only. */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Linux backends that are real encryption; "basic_text" only obscures with a key built into Chromium. */
const LINUX_KEYRINGS: Readonly<Record<string, string>> = {
  gnome_libsecret: 'the GNOME keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

const PLAIN_FILES = 'account tokens are kept in files only your user account can read';

export function chooseTokenProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform): { sealer: SecretSealer | null; protection: TokenProtectionView } {
  const store = secretStoreName(safeStorage, platform);
  if ('problem' in store) return unprotected(store.problem);
  const sealer = safeStorageSealer(safeStorage);
  const problem = probe(sealer);
  if (problem) return unprotected(`${store.name} did not work (${problem}), so ${PLAIN_FILES}`);
  return { sealer, protection: { encrypted: true, description: `Account tokens are encrypted with ${store.name}.` } };
}

/** Sealed text is base64 of safeStorage's bytes (the token store adds its "sealed:v1:" prefix). */
export function safeStorageSealer(safeStorage: SafeStorageLike): SecretSealer {
  return {
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

function secretStoreName(safeStorage: SafeStorageLike, platform: NodeJS.Platform): { name: string } | { problem: string } {
  const available = safeStorage.isEncryptionAvailable();
  switch (platform) {
    case 'darwin':
      return available ? { name: 'the macOS Keychain' } : { problem: `the macOS Keychain is not available, so ${PLAIN_FILES}` };
    case 'win32':
      return available ? { name: 'Windows data protection (DPAPI)' } : { problem: `Windows data protection is not available, so ${PLAIN_FILES}` };
    case 'linux': {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text') {
        return {
          problem: `no keyring was found (GNOME Keyring or KWallet), so ${PLAIN_FILES}. Install or unlock a keyring and restart Switchboard to encrypt them`,
        };
      }
      const keyring = LINUX_KEYRINGS[backend];
      if (!keyring) return { problem: `the keyring in use ("${backend}") is not one Switchboard trusts, so ${PLAIN_FILES}` };
      return available ? { name: keyring } : { problem: `${keyring} is locked or not running, so ${PLAIN_FILES}. Unlock it and restart Switchboard to encrypt them` };
    }
    default:
      return available ? { name: 'the system keychain' } : { problem: `this system offers no keychain to Switchboard, so ${PLAIN_FILES}` };
  }
}

/** A keychain can be present and still refuse (locked, access denied): find out now, not at the first login. */
function probe(sealer: SecretSealer): string | null {
  const sample = 'switchboard-token-protection-check';
  try {
    return sealer.open(sealer.seal(sample)) === sample ? null : 'what it decrypted was not what it encrypted';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function unprotected(problem: string): { sealer: null; protection: TokenProtectionView } {
  return { sealer: null, protection: { encrypted: false, description: `Not encrypted: ${problem}.` } };
}
