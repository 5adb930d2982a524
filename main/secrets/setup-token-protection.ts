/**
 * Installs the OS keychain as the proxy's token sealer. main/index.ts calls this once after app "ready" (safeStorage
 * on Linux and Windows needs it) and before the proxy starts, so no token is read or written before it is decided.
 */
import { safeStorage } from 'electron';
import { createLogger, useSecretSealer } from '../../proxy/index.js';
import type { TokenProtectionView } from '../../preload/contract.js';
import { chooseTokenProtection } from './token-protection.js';

const log = createLogger('main/secrets');

export function setupTokenProtection(): TokenProtectionView {
  const { sealer, protection } = chooseTokenProtection(safeStorage, process.platform);
  useSecretSealer(sealer);
  if (protection.encrypted) log.info(protection.description);
  else log.warn(protection.description);
  return protection;
}
