import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Role } from '../../src-main/domain/auth/roles.ts';
import { bootServices, type Services } from '../../src-main/host/boot.ts';
import { demoPassword } from '../../src-main/services/demo/seed.ts';
import { saveRegistration } from '../../src-main/services/sync/link.ts';

const booted: Array<{ services: Services; dir: string }> = [];

/** Real services on a real, freshly seeded demo database in a temporary folder (closed and removed after the test file). */
export function bootDemo(): Services {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-services-'));
  const services = bootServices({ dataDir: dir, appVersion: 'test' });
  booted.push({ services, dir });
  return services;
}

afterAll(() => {
  for (const { services, dir } of booted.splice(0)) {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

export const demoUsernameFor: Record<Role, string> = {
  clerk: 'clerk',
  reviewer: 'reviewer',
  supervisor: 'supervisor',
  admin: 'admin',
};

export async function loginAs(services: Services, role: Role): Promise<string> {
  const result = await services.dispatcher.call('session/login', { username: demoUsernameFor[role], password: demoPassword }, null);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { token: string }).token;
}

/**
 * The PC registered as window `deviceCode` of 甘井子 with a gateway nobody answers at (port 9):
 * for tests of what the sync code does with the store, answers and pages handed to it directly.
 */
export function registerWithoutGateway(services: Services, deviceCode = 'A01'): void {
  services.env.store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId }, (tx) =>
    saveRegistration(tx, {
      gatewayUrl: 'http://127.0.0.1:9',
      deviceCode,
      deviceRole: 'window',
      centre: { code: '210211', name: '大连市甘井子区政务服务中心', regionCode: '210211' },
      credentials: { deviceId: '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6071', deviceSecret: 's'.repeat(40), accessToken: 't'.repeat(40), accessTokenExpiresAt: '2099-01-01T00:00:00.000Z' },
      epoch: 'e1',
    }),
  );
}
