import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronUnavailableReason, findElectronBinary } from '../../../src-main/electron/binary.ts';

let project: string;
let from: string;
let electronDir: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'onewindow-binary-'));
  electronDir = join(project, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  // index.js would download on require; the detection must never load it.
  writeFileSync(join(electronDir, 'index.js'), "throw new Error('index.js must not be loaded');");
  from = pathToFileURL(join(project, 'scripts', 'start.ts')).href;
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

function installBinary(relative: string, executable = true): string {
  writeFileSync(join(electronDir, 'path.txt'), relative);
  const binary = join(electronDir, 'dist', relative);
  mkdirSync(join(binary, '..'), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, executable ? 0o755 : 0o644);
  return binary;
}

describe('findElectronBinary', () => {
  it('reports the package without a downloaded binary as unavailable, with the reason to print', () => {
    const result = findElectronBinary({}, from);
    expect(result).toMatchObject({ available: false, reason: electronUnavailableReason });
    expect(electronUnavailableReason).toBe(
      'Electron binary not available on this machine (not downloaded); run on a workstation with Electron installed',
    );
  });

  it('reports path.txt pointing at a missing file as unavailable', () => {
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    expect(findElectronBinary({}, from)).toMatchObject({ available: false });
  });

  it.skipIf(process.platform === 'win32')('reports a file that is not executable as unavailable', () => {
    installBinary('electron', false);
    expect(findElectronBinary({}, from)).toMatchObject({ available: false });
  });

  it('finds the downloaded binary in dist/', () => {
    const binary = installBinary('electron');
    expect(findElectronBinary({}, from)).toEqual({ available: true, path: binary });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as electron itself does', () => {
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    const dist = join(project, 'my-electron');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\n');
    chmodSync(join(dist, 'electron'), 0o755);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, from)).toEqual({ available: true, path: join(dist, 'electron') });
  });

  it('reports a missing electron package as unavailable', () => {
    rmSync(electronDir, { recursive: true });
    expect(findElectronBinary({}, from)).toMatchObject({ available: false, detail: 'the electron package is not installed' });
  });
});
