import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseState, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../../../packaging/electron-builder.config.ts';
import { useTempDir } from '../../helpers/temp.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const tempDir = useTempDir('onewindow-pack-');

/**
 * Packs the Linux x64 app folder for real with electron-builder, from a stand-in Electron
 * distribution (the real zip cannot be downloaded here): a file carrying Electron's fuse wire.
 * Everything else is electron-builder's own work: the file selection, the asar, the unpacked
 * native module, the extra resources, the update metadata and our afterPack hook.
 */
describe('a packed app (electron-builder, Linux x64 folder)', () => {
  it('holds the built app, only its platform’s native binary unpacked, no tests, sources or maps, and the fuses flipped', { timeout: 600_000 }, async () => {
    if (!existsSync(join(root, 'out', 'main', 'index.js'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
    const electronDist = tempDir();
    const wire = Buffer.from([1, 9, ...Array<number>(9).fill(FuseState.INHERIT)]);
    writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire]));
    chmodSync(join(electronDist, 'electron'), 0o755);
    mkdirSync(join(electronDist, 'resources'));
    const output = tempDir();

    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { ...config, electronDist, directories: { ...config.directories, output } },
    });

    const app = join(output, 'linux-unpacked');
    const resources = join(app, 'resources');
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((path) => path.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/main/service-worker.js', '/out/preload/preload.cjs', '/out/renderer/index.html']));
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(files.filter((path) => /^\/(tests|bench|src-main|src-renderer|gateway|docs|scripts|packaging)\//.test(path))).toEqual([]);
    expect(files.filter((path) => /^\/node_modules\/(onewindow-gateway|pg|electron|electron-builder|vitest|vite|@playwright|echarts)\//.test(path))).toEqual([]);
    expect(files.filter((path) => path.startsWith('/node_modules/better-sqlite3/prebuilds/'))).toEqual(['/node_modules/better-sqlite3/prebuilds/linux-x64.node']);
    expect(files.filter((path) => path.startsWith('/node_modules/better-sqlite3/deps'))).toEqual([]);
    expect(readdirSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds'))).toEqual(['linux-x64.node']);
    expect(readdirSync(join(resources, 'resources')).sort()).toEqual(['calendars', 'demo']);
    expect(readFileSync(join(resources, 'app-update.yml'), 'utf8')).toMatch(/provider: generic/);

    const fuses = await getCurrentFuseWire(join(app, 'onewindow'));
    expect([0, 1, 2, 3, 4, 5].map((i) => fuses[i as 0])).toEqual([FuseState.DISABLE, FuseState.ENABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE]);
  });
});
