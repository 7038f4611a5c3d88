import { describe, expect, it } from 'vitest';
import { openCredentials, readLink, saveCredentials, saveRegistration, type Credentials } from '../../../src-main/services/sync/link.ts';
import { bootDemo, registerWithoutGateway } from '../../helpers/services.ts';

/** The credentials are opened once per sealed value; what a renewal or a new registration saves is read at once. */
describe('the device credentials as the sync reads them', () => {
  const services = bootDemo();
  const store = services.env.store;
  const write = <T>(fn: Parameters<typeof store.write<T>>[1]) => store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId }, fn);
  const current = () => store.read((tx) => openCredentials(tx, readLink(tx) ?? (() => { throw new Error('not registered'); })()));
  registerWithoutGateway(services);

  it('give the saved token, and the renewed one as soon as it is saved', () => {
    const first = current();
    expect(first.accessToken).toBe('t'.repeat(40));
    expect(current()).toEqual(first);
    const renewed: Credentials = { ...first, accessToken: 'r'.repeat(40), accessTokenExpiresAt: '2099-02-01T00:00:00.000Z' };
    write((tx) => saveCredentials(tx, renewed));
    expect(current()).toEqual(renewed);
    // The same credentials sealed again (a fresh IV, so other bytes) read the same.
    write((tx) => saveCredentials(tx, renewed));
    expect(current()).toEqual(renewed);
  });

  it('give those of a new registration, and cannot be changed by a caller', () => {
    const again: Credentials = { deviceId: '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6099', deviceSecret: 'n'.repeat(40), accessToken: 'a'.repeat(40), accessTokenExpiresAt: '2099-03-01T00:00:00.000Z' };
    write((tx) =>
      saveRegistration(tx, {
        gatewayUrl: 'http://127.0.0.1:9',
        deviceCode: 'A02',
        deviceRole: 'window',
        centre: { code: '210211', name: '大连市甘井子区政务服务中心', regionCode: '210211' },
        credentials: again,
        epoch: 'e2',
      }),
    );
    const read = current();
    expect(read).toEqual(again);
    expect(() => {
      (read as { accessToken: string }).accessToken = 'x';
    }).toThrow(TypeError);
    expect(current().accessToken).toBe('a'.repeat(40));
  });
});
