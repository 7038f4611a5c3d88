/**
 * Electron fuses for packaged builds: switches baked into the Electron binary that no command
 * line, environment variable or edited file can turn back on. Pure data (no `electron` import),
 * checked by tests/unit/electron/fuses.test.ts.
 *
 * Packaging applies them with @electron/fuses in electron-builder's afterPack hook, before
 * signing, and reads the wire back (packaging/after-pack.ts, tested in tests/unit/packaging).
 */
export const packagedFuses = {
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node. */
  RunAsNode: false,
  /** Cookies and other Chromium storage encrypted with the OS keystore. */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could preload any script into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect would let anyone on the PC attach a debugger to the main process. */
  EnableNodeCliInspectArguments: false,
  /** The app.asar is checked against the hash recorded in the signed binary. */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Only the (integrity-checked) app.asar is loaded, never a loose app folder beside it. */
  OnlyLoadAppFromAsar: true,
} as const satisfies Record<string, boolean>;

export type FuseName = keyof typeof packagedFuses;
