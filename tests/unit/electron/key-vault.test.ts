/**
 * The OS keystore adapter and the data key file it protects, with Electron's safeStorage faked
 * (the binary cannot run here): the key on disk is the wrapped form, never the key itself.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { osKeystoreVault } from '../../../src-main/electron/key-vault.ts';
import { dataKeyPath, keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { FakeSafeStorage } from './fake-electron.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-keyvault-');

vi.mock('electron', async () => (await import('./fake-electron.ts')).fakeElectronModule());

describe('the OS keystore vault', () => {
  it('wraps the key through safeStorage and unwraps it back', () => {
    const storage = new FakeSafeStorage();
    const vault = osKeystoreVault(storage, 'win32');
    expect(vault?.protection).toBe('os-keystore');
    const raw = Buffer.alloc(32, 7);
    const wrapped = vault!.wrap(raw);
    expect(storage.encryptString).toHaveBeenCalledOnce();
    expect(wrapped.includes(raw)).toBe(false);
    expect(vault!.unwrap(wrapped).equals(raw)).toBe(true);
  });

  it('counts as absent when safeStorage cannot encrypt, or on Linux with only the hard-coded basic_text backend', () => {
    const off = new FakeSafeStorage();
    off.available = false;
    expect(osKeystoreVault(off, 'win32')).toBeNull();
    const basic = new FakeSafeStorage();
    basic.backend = 'basic_text';
    expect(osKeystoreVault(basic, 'linux')).toBeNull();
    expect(osKeystoreVault(basic, 'darwin')).not.toBeNull();
  });

  it('a key prepared in the main process boots the services, and the file holds only the wrapped key (0600)', () => {
    const dir = tempDir();
    const vault = osKeystoreVault(new FakeSafeStorage(), 'win32')!;
    const prepared = prepareDataKey(dir, vault);
    const services = bootServices({ dataDir: dir, appVersion: 't', dataKey: prepared });
    expect(services.env.keyProtection).toBe('os-keystore');
    services.close();
    const file = JSON.parse(readFileSync(dataKeyPath(dir), 'utf8')) as { protection: string; key: string };
    expect(file.protection).toBe('os-keystore');
    expect(Buffer.from(file.key, 'base64').includes(Buffer.from(prepared.root))).toBe(false);
    expect(statSync(dataKeyPath(dir)).mode & 0o777).toBe(0o600);
    // The next start unwraps the same key; browser mode (no keystore) is refused with a reason.
    expect(Buffer.from(prepareDataKey(dir, vault).root).equals(Buffer.from(prepared.root))).toBe(true);
    expect(() => prepareDataKey(dir, keyFileVault)).toThrow(/操作系统钥匙串保护/);
  });

  it('a keystore that cannot unwrap (another PC or account) stops the start with a clear message', () => {
    const dir = tempDir();
    const vault = osKeystoreVault(new FakeSafeStorage(), 'win32')!;
    bootServices({ dataDir: dir, appVersion: 't', dataKey: prepareDataKey(dir, vault) }).close();
    const otherMachine = new FakeSafeStorage();
    otherMachine.decryptString.mockImplementation(() => {
      throw new Error('Error while decrypting');
    });
    expect(() => prepareDataKey(dir, osKeystoreVault(otherMachine, 'win32')!)).toThrow(/钥匙串无法解开/);
  });
});
