import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Role } from '../../src-main/domain/auth/roles.ts';
import { bootServices, type Services } from '../../src-main/host/boot.ts';
import { demoPassword } from '../../src-main/services/demo/seed.ts';

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
