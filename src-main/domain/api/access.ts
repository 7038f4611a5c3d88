import { roles, type Role } from '../auth/roles.ts';

/** Who may call what, by the groups the table uses more than once. */
export const everyone: readonly Role[] = roles;
export const caseWorkers: readonly Role[] = ['clerk', 'reviewer', 'supervisor'];
export const intakeRoles: readonly Role[] = ['clerk', 'supervisor'];
export const backOffice: readonly Role[] = ['reviewer', 'supervisor'];
// The admin keeps the system, the supervisor answers for the hall: both read the trail, neither edits it.
export const auditReaders: readonly Role[] = ['admin', 'supervisor'];
