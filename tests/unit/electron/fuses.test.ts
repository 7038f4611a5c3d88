import { describe, expect, it } from 'vitest';
import { packagedFuses } from '../../../src-main/electron/fuses.ts';

describe('fuses for packaged builds', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect, and load only an integrity-checked asar with encrypted cookies', () => {
    expect(packagedFuses).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      EnableCookieEncryption: true,
    });
  });
});
