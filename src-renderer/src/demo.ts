import type { Role } from '@domain/auth/roles.ts';

/**
 * The demo accounts, for the login hint shown only while system/info reports a demo centre.
 * They mirror main's demo seed, which the renderer may not import; the API does not list them.
 */
export const demoAccounts: readonly { username: string; role: Role }[] = [
  { username: 'clerk', role: 'clerk' },
  { username: 'clerk2', role: 'clerk' },
  { username: 'reviewer', role: 'reviewer' },
  { username: 'supervisor', role: 'supervisor' },
  { username: 'admin', role: 'admin' },
];
export const demoPassword = 'Demo@2026';
