import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import { applicantsOperations } from './operations/applicants.ts';
import { attachmentsOperations } from './operations/attachments.ts';
import { auditOperations } from './operations/audit.ts';
import { backupOperations } from './operations/backup.ts';
import { calendarOperations } from './operations/calendar.ts';
import { casesOperations } from './operations/cases.ts';
import { catalogueOperations } from './operations/catalogue.ts';
import { diagnosticsOperations } from './operations/diagnostics.ts';
import { exportsOperations } from './operations/exports.ts';
import { followupsOperations } from './operations/followups.ts';
import { intakeOperations } from './operations/intake.ts';
import { printsOperations } from './operations/prints.ts';
import { reviewOperations } from './operations/review.ts';
import { sessionOperations } from './operations/session.ts';
import { settingsOperations } from './operations/settings.ts';
import { siteOperations } from './operations/site.ts';
import { statsOperations } from './operations/stats.ts';
import { supervisionOperations } from './operations/supervision.ts';
import { syncOperations } from './operations/sync.ts';
import { systemOperations } from './operations/system.ts';
import { usersOperations } from './operations/users.ts';
import { verifyOperations } from './operations/verify.ts';

export { maxAttachmentMiB } from './operations/attachments.ts';

/**
 * The API table: every operation the renderer or the CLI can ask for, declared once, in the
 * slice named after its prefix (`session/login` in `operations/session.ts`). Handlers live in
 * main, one file per prefix (`src-main/api/handlers/session.ts`), and must cover exactly these names.
 */
export const operations = {
  ...systemOperations,
  ...syncOperations,
  ...sessionOperations,
  ...casesOperations,
  ...reviewOperations,
  ...supervisionOperations,
  ...followupsOperations,
  ...statsOperations,
  ...exportsOperations,
  ...catalogueOperations,
  ...calendarOperations,
  ...applicantsOperations,
  ...intakeOperations,
  ...attachmentsOperations,
  ...printsOperations,
  ...usersOperations,
  ...settingsOperations,
  ...auditOperations,
  ...siteOperations,
  ...backupOperations,
  ...diagnosticsOperations,
  ...verifyOperations,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = Operations[K]['output'] extends { readonly __returns?: infer O } ? O : never;

export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/** The permission matrix, derived from the table: may `role` call `name`? */
export function mayCall(role: Role | null, name: OperationName): boolean {
  const access = operations[name].access;
  if (access === 'public') return true;
  return role !== null && access.includes(role);
}
