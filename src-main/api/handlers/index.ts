import { applicantsHandlers } from './applicants.ts';
import { attachmentsHandlers } from './attachments.ts';
import { auditHandlers } from './audit.ts';
import { backupHandlers } from './backup.ts';
import { calendarHandlers } from './calendar.ts';
import { casesHandlers } from './cases.ts';
import { catalogueHandlers } from './catalogue.ts';
import { diagnosticsHandlers } from './diagnostics.ts';
import { exportsHandlers } from './exports.ts';
import { followupsHandlers } from './followups.ts';
import { intakeHandlers } from './intake.ts';
import { printsHandlers } from './prints.ts';
import { reviewHandlers } from './review.ts';
import { sessionHandlers } from './session.ts';
import { settingsHandlers } from './settings.ts';
import { siteHandlers } from './site.ts';
import { statsHandlers } from './stats.ts';
import { supervisionHandlers } from './supervision.ts';
import { syncHandlers } from './sync.ts';
import { systemHandlers } from './system.ts';
import type { Handlers } from './types.ts';
import { usersHandlers } from './users.ts';
import { verifyHandlers } from './verify.ts';

/** Every operation of the API table bound to its handler; the type requires all, no extras. */
export const handlers: Handlers = {
  ...systemHandlers,
  ...syncHandlers,
  ...sessionHandlers,
  ...casesHandlers,
  ...reviewHandlers,
  ...supervisionHandlers,
  ...followupsHandlers,
  ...statsHandlers,
  ...exportsHandlers,
  ...catalogueHandlers,
  ...calendarHandlers,
  ...applicantsHandlers,
  ...intakeHandlers,
  ...attachmentsHandlers,
  ...printsHandlers,
  ...usersHandlers,
  ...settingsHandlers,
  ...auditHandlers,
  ...siteHandlers,
  ...backupHandlers,
  ...diagnosticsHandlers,
  ...verifyHandlers,
};
