import type { Migration } from './types.ts';

/**
 * The public keys devices sign printed notices with (docs/notice-verification.md), sent at
 * registration. Keyed by region and key id: a notice's case number starts with its region, and
 * its link names the key, so `GET /verify/notice` finds the key with one primary-key read. A
 * device keeps its earlier keys (a new data key means a new signing key): old notices still verify.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'notice-keys',
  up: `
    CREATE TABLE device_notice_key (
      region_code char(6) NOT NULL,
      key_id char(16) NOT NULL,
      device_id uuid NOT NULL,
      algorithm text NOT NULL CHECK (algorithm = 'SM2'),
      public_key text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
      registered_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, key_id),
      FOREIGN KEY (region_code, device_id) REFERENCES device (region_code, device_id)
    );
  `,
};
