import { adminHandlers } from './admin.ts';
import { caseHandlers } from './cases.ts';
import { exportHandlers } from './exports.ts';
import { intakeHandlers } from './intake.ts';
import { reviewHandlers } from './review.ts';
import { sessionHandlers } from './session.ts';
import { systemHandlers } from './system.ts';
import { syncHandlers } from './sync.ts';
import type { Handlers } from './types.ts';

/** Every operation of the API table bound to its handler; the type requires all, no extras. */
export const handlers: Handlers = {
  ...systemHandlers,
  ...sessionHandlers,
  ...caseHandlers,
  ...intakeHandlers,
  ...reviewHandlers,
  ...adminHandlers,
  ...exportHandlers,
  ...syncHandlers,
};
