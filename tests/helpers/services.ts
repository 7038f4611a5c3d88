import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src-main/domain/auth/roles.ts';
import { bootServices, type Services } from '../../src-main/host/boot.ts';
import { demoPassword } from '../../src-main/services/demo/seed.ts';

/** Real services on a real, freshly seeded demo database in a temporary folder. */
export function bootDemo(): Services {
  return bootServices({ dataDir: mkdtempSync(join(tmpdir(), 'onewindow-services-')), appVersion: 'test' });
}

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
