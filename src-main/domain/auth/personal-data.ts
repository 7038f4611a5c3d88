import type { Role } from './roles.ts';

/**
 * Who may see citizens' personal data (ID numbers, phones, addresses) in full. Lists, logs and
 * exports show them masked (2102**********123X) by default; PIPL's minimum-necessary rule means
 * a full value is shown only to a role that needs it for its work, and each full view is audited.
 *
 * - reveal: show one case's personal data in full on request (audited), e.g. to compare a
 *   document at the counter or to telephone an applicant.
 * - exportFull: write full values into an export file handed upward (audited with the export).
 *
 * The administrator installs and configures; they handle no cases and see nothing in full.
 */
export type PersonalDataRight = 'reveal' | 'exportFull';

export const personalDataRights: Readonly<Record<Role, readonly PersonalDataRight[]>> = {
  clerk: ['reveal'],
  reviewer: ['reveal'],
  supervisor: ['reveal', 'exportFull'],
  admin: [],
};

export function mayRevealPersonalData(role: Role): boolean {
  return personalDataRights[role].includes('reveal');
}

export function mayExportFullPersonalData(role: Role): boolean {
  return personalDataRights[role].includes('exportFull');
}
