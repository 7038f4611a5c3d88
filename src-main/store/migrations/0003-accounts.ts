import type { Migration } from './types.ts';

/** Accounts: failed-login counting and lockout, and when a password was last set. */
export const migration0003: Migration = {
  version: 3,
  name: 'accounts',
  up: `
    ALTER TABLE app_user ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE app_user ADD COLUMN locked_until TEXT;
    ALTER TABLE app_user ADD COLUMN password_changed_at TEXT;
  `,
};
