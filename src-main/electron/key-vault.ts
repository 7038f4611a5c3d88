import type { SafeStorage } from 'electron';
import type { KeyVault } from '../services/crypto/data-key.ts';

/**
 * The OS keystore as a key vault: Electron's safeStorage (DPAPI on Windows, Keychain on macOS,
 * libsecret/kwallet on Linux). On Linux without a secret service safeStorage falls back to a
 * hard-coded password ('basic_text'): that protects nothing, so it counts as no keystore and the
 * app uses the key file, with the warning.
 */
export function osKeystoreVault(storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string }, platform = process.platform): KeyVault | null {
  if (!storage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    protection: 'os-keystore',
    wrap: (raw) => storage.encryptString(raw.toString('base64')),
    unwrap: (wrapped) => Buffer.from(storage.decryptString(wrapped), 'base64'),
  };
}
