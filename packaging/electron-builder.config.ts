/**
 * electron-builder's configuration: `npm run dist` (see docs/deploy.md). Windows gets a
 * per-machine NSIS installer (a hall's PCs are shared by several Windows accounts, and only IT
 * installs); the domestic Linux distributions get a deb and an AppImage for x64 and arm64
 * (统信UOS and 银河麒麟 ship on both). tests/unit/packaging/builder-config.test.ts loads this file.
 */
import type { Configuration } from 'electron-builder';
import { applyPackagedFuses } from './after-pack.ts';

/** better-sqlite3 13 ships Node-API prebuilds for every platform; a package carries its own. */
const nativeModule = 'node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node';

const config: Configuration = {
  appId: 'cn.gov.zwfw.onewindow',
  productName: '一窗通',
  // The executable and the folders it creates keep an ASCII name: scripts, services and paths
  // on both systems handle it without quoting surprises, and userData stays `OneWindow`.
  executableName: 'onewindow',
  copyright: '一窗通 OneWindow',
  directories: { output: 'dist', buildResources: 'resources/icons' },
  // better-sqlite3 13 is Node-API: the same prebuilt binary loads in Electron. A rebuild would
  // compile against Node's headers (the build machines cannot fetch Electron's) and break it.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  asar: true,
  asarUnpack: [nativeModule],
  files: [
    'package.json',
    'out/**/*',
    '!out/**/*.map',
    // What a run needs from better-sqlite3: its JavaScript and this platform's binary, never the
    // SQLite sources, the build folder or the other platforms' binaries. (electron-builder applies
    // only the exclusions here to node_modules, so the binary is kept by excluding the others.)
    '!node_modules/better-sqlite3/{deps,src,build,binding.gyp}{,/**/*}',
    '!node_modules/better-sqlite3/prebuilds/!(${platform}-${arch}).node',
    // The renderer bundles its charts: the packages themselves are not needed at run time.
    '!node_modules/{echarts,vue-echarts,zrender}{,/**/*}',
    '!node_modules/**/*.{map,md,markdown,ts,mts,cts}',
    '!node_modules/**/{test,tests,__tests__,bench,benchmark,benchmarks,docs,example,examples}{,/**/*}',
    '!node_modules/onewindow-gateway{,/**/*}',
    '!{tests,bench,gateway,docs,scripts,packaging,src-main,src-renderer}{,/**/*}',
  ],
  // Calendars and the demo catalogue are read at run time from resources/ beside the asar
  // (the shell sets ONEWINDOW_RESOURCES to it).
  extraResources: [{ from: 'resources', to: 'resources', filter: ['calendars/**/*', 'demo/**/*'] }],
  afterPack: applyPackagedFuses,
  // Where electron-updater looks by default; a site's own server (site.json's `update.url`)
  // replaces it at run time, so one build serves every hall.
  publish: [{ provider: 'generic', url: 'https://updates.onewindow.invalid/onewindow/' }],
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icons/icon.ico',
    artifactName: 'OneWindow-Setup-${version}-${arch}.${ext}',
  },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: '一窗通',
    installerIcon: 'resources/icons/icon.ico',
    uninstallerIcon: 'resources/icons/icon.ico',
    installerLanguages: ['zh_CN'],
    language: '2052',
    // The data folder (database, data key, backups) is the centre's records: never removed with the program.
    deleteAppDataOnUninstall: false,
  },
  linux: {
    target: [
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ],
    icon: 'resources/icons/icon.png',
    category: 'Office',
    maintainer: 'OneWindow IT <it@onewindow.invalid>',
    vendor: 'OneWindow',
    synopsis: '政务服务中心综合窗口受理',
    artifactName: 'OneWindow-${version}-${arch}.${ext}',
    desktop: { entry: { Name: '一窗通', Comment: '政务服务中心综合窗口受理', StartupWMClass: 'OneWindow' } },
  },
  deb: { packageName: 'onewindow' },
};

export default config;
