import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire, FuseState } from '@electron/fuses';
import { packagedFuses, type FuseName } from '../src-main/electron/fuses.ts';

/** What electron-builder's afterPack hands the hook (the fields this hook reads). */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The packed Electron binary that carries the fuse wire, per platform. */
export function electronBinaryPath(context: PackedApp): string {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'darwin') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
}

/**
 * electron-builder's afterPack hook: flips the fuses of src-main/electron/fuses.ts in the packed
 * binary (before signing, which electron-builder does after this hook), then reads the wire back,
 * so a build whose binary did not take a fuse fails instead of shipping.
 */
export async function applyPackagedFuses(context: PackedApp): Promise<void> {
  const binary = electronBinaryPath(context);
  const wire = Object.fromEntries(Object.entries(packagedFuses).map(([name, on]) => [FuseV1Options[name as FuseName], on]));
  await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin', ...wire });
  const current = await getCurrentFuseWire(binary);
  for (const [name, on] of Object.entries(packagedFuses)) {
    const state = current[FuseV1Options[name as FuseName]];
    if (state !== (on ? FuseState.ENABLE : FuseState.DISABLE)) {
      throw new Error(`Fuse ${name} is not ${on ? 'on' : 'off'} in ${binary} after flipping: refusing to ship this build.`);
    }
  }
}
