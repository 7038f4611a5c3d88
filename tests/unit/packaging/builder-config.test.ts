import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseState, getCurrentFuseWire } from '@electron/fuses';
import * as fileMatcher from 'app-builder-lib/out/fileMatcher.js';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import config from '../../../packaging/electron-builder.config.ts';
import { useTempDir } from '../../helpers/temp.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const tempDir = useTempDir('onewindow-pack-');

type Matcher = fileMatcher.FileMatcher;
/** The packager's own matcher builders: exported by app-builder-lib at run time, not in its typings. */
const { getFileMatchers, getMainFileMatchers, getNodeModuleFileMatcher } = fileMatcher as typeof fileMatcher & {
  getMainFileMatchers(appDir: string, destination: string, expand: (p: string) => string, options: object, packager: unknown, outDir: string, electronCompile: boolean): Matcher[];
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (p: string) => string, options: object, info: unknown): Matcher;
};

type Target = { target: string; arch: string[] };

/**
 * Would electron-builder put this project file into the app for that platform and arch? Asked of
 * electron-builder's own matchers, as its packager builds them: the app's files from `files` plus
 * its defaults, node_modules through the exclusions only, the unpacked set from `asarUnpack`.
 */
function packs(path: string, platform: 'win32' | 'linux', arch: 'x64' | 'arm64', key: 'files' | 'asarUnpack' = 'files'): boolean {
  const macroExpander = (pattern: string) => pattern.replaceAll('${platform}', platform).replaceAll('${arch}', arch);
  const info = { projectDir: root, buildResourcesDir: config.directories!.buildResources!, config, isPrepackedAppAsar: false, debugLogger: new DebugLogger(false) };
  const outDir = join(root, config.directories!.output!);
  const matcher =
    key === 'asarUnpack'
      ? getFileMatchers(config, 'asarUnpack', '/app', { macroExpander, customBuildOptions: {}, globalOutDir: outDir, defaultSrc: root })![0]!
      : path.startsWith('node_modules/')
        ? getNodeModuleFileMatcher(root, '/app', macroExpander, {}, info)
        : getMainFileMatchers(root, '/app', macroExpander, {}, { info }, outDir, false)[0]!;
  const isDirectory = !/\.[a-z]+$/.test(path);
  const stat = { isDirectory: () => isDirectory, isFile: () => !isDirectory, isSymbolicLink: () => false };
  return matcher.createFilter()(join(root, path), stat as never);
}

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app: its id, the Chinese product name, an ASCII executable', () => {
    expect(config.appId).toBe('cn.gov.zwfw.onewindow');
    expect(config.productName).toBe('一窗通');
    expect(config.executableName).toBe('onewindow');
  });

  it('builds a per-machine NSIS installer for Windows x64', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false, shortcutName: '一窗通' });
  });

  it('builds a deb and an AppImage for Linux on x64 and arm64', () => {
    const targets = config.linux?.target as Target[];
    expect(targets.map((t) => [t.target, [...t.arch].sort()])).toEqual([
      ['deb', ['arm64', 'x64']],
      ['AppImage', ['arm64', 'x64']],
    ]);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
  });

  it('uses icons that exist in resources/: a 512 px PNG and a multi-size ICO', () => {
    const png = readFileSync(join(root, config.linux!.icon!));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = readFileSync(join(root, config.win!.icon!));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
    expect(config.nsis?.installerIcon).toBe(config.win?.icon);
  });

  it('packs into an asar, never rebuilds the Node-API module, and unpacks only this platform’s better-sqlite3 binary', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(packs('node_modules/better-sqlite3/prebuilds/win32-x64.node', 'win32', 'x64', 'asarUnpack')).toBe(true);
    expect(packs('node_modules/better-sqlite3/prebuilds/linux-arm64.node', 'linux', 'arm64', 'asarUnpack')).toBe(true);
    expect(packs('node_modules/better-sqlite3/lib/index.js', 'linux', 'x64', 'asarUnpack')).toBe(false);
    expect(packs('node_modules/better-sqlite3/prebuilds/linux-arm64.node', 'linux', 'arm64')).toBe(true);
    expect(packs('node_modules/better-sqlite3/prebuilds/linux-x64.node', 'linux', 'arm64')).toBe(false);
    expect(packs('node_modules/better-sqlite3/prebuilds/win32-arm64.node', 'win32', 'x64')).toBe(false);
    expect(packs('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', 'linux', 'x64')).toBe(false);
    expect(packs('node_modules/better-sqlite3/lib/index.js', 'linux', 'x64')).toBe(true);
  });

  it('packs the built app and the runtime modules, never tests, benches, sources, source maps or the gateway', () => {
    for (const path of ['package.json', 'out/main/index.js', 'out/main/service-worker.js', 'out/renderer/index.html', 'out/preload/preload.cjs', 'node_modules/zod/index.js']) {
      expect(packs(path, 'win32', 'x64'), path).toBe(true);
    }
    for (const path of [
      'out/main/index.js.map',
      'out/renderer/assets/index.js.map',
      'tests/unit/store/open.test.ts',
      'bench/run.ts',
      'src-main/electron/main.ts',
      'src-renderer/src/App.vue',
      'gateway/src/server.ts',
      'node_modules/onewindow-gateway/package.json',
      'docs/deploy.md',
      'node_modules/exceljs/test/sheet.js',
      'node_modules/echarts/index.js',
      'node_modules/zod/index.d.ts',
      'scripts/start.ts',
    ]) {
      expect(packs(path, 'linux', 'x64'), path).toBe(false);
    }
  });

  it('keeps dev dependencies out: electron-builder packs only `dependencies`, and none of ours is a build tool', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['electron']));
    for (const tool of ['electron', 'electron-builder', '@electron/fuses', 'vitest', '@playwright/test', 'vite', 'electron-vite']) {
      expect(manifest.dependencies[tool], tool).toBeUndefined();
      expect(manifest.devDependencies[tool], tool).toBeDefined();
    }
  });

  it('ships as dependencies only packages the app itself imports: one only tests read (exceljs) is a dev dependency', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const sources = ['src-main', 'src-renderer/src']
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|vue)$/.test(f)).map((f) => readFileSync(join(root, dir, f), 'utf8')))
      .join('\n');
    const imported = (pkg: string) => new RegExp(`(from |import\\()'${pkg.replaceAll('/', '\\/')}(/[^']*)?'`).test(sources);
    for (const pkg of Object.keys(manifest.dependencies)) expect(imported(pkg), pkg).toBe(true);
    expect(imported('exceljs')).toBe(false);
    expect(manifest.dependencies.exceljs).toBeUndefined();
    expect(manifest.devDependencies.exceljs).toBeDefined();
  });

  it('ships the calendars and the demo catalogue beside the asar, where the shell looks for them', () => {
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['calendars/**/*', 'demo/**/*'] }]);
  });

  it('publishes update metadata for a generic (intranet) server', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
  });
});

describe('the afterPack hook', () => {
  /** A stand-in Electron binary: padding, the fuse sentinel, wire version 1, nine fuses all unset. */
  function fakeElectron(path: string): void {
    const wire = Buffer.from([1, 9, ...Array<number>(9).fill(FuseState.INHERIT)]);
    writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire, Buffer.alloc(4096, 7)]));
  }

  it('flips every fuse of src-main/electron/fuses.ts in the packed Linux and Windows binaries', async () => {
    const hook = config.afterPack as (context: unknown) => Promise<void>;
    for (const [platform, file] of [['linux', 'onewindow'], ['win32', '一窗通.exe']] as const) {
      const dir = tempDir();
      fakeElectron(join(dir, file));
      const size = statSync(join(dir, file)).size;
      await hook({ appOutDir: dir, electronPlatformName: platform, packager: { appInfo: { productFilename: '一窗通' }, executableName: 'onewindow' } });
      const wire = await getCurrentFuseWire(join(dir, file));
      const { ENABLE, DISABLE, INHERIT } = FuseState;
      // RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, AsarIntegrity, OnlyLoadAppFromAsar, then three left as Electron ships them.
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => wire[i as 0])).toEqual([DISABLE, ENABLE, DISABLE, DISABLE, ENABLE, ENABLE, INHERIT, INHERIT, INHERIT]);
      expect(statSync(join(dir, file)).size).toBe(size);
    }
  });

  it('fails the build when the binary carries no fuse wire', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'onewindow'), Buffer.alloc(1024));
    const hook = config.afterPack as (context: unknown) => Promise<void>;
    await expect(hook({ appOutDir: dir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: '一窗通' }, executableName: 'onewindow' } })).rejects.toThrow(/sentinel/);
  });
});
