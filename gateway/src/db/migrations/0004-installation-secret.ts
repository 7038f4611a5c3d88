import type { Migration } from './types.ts';

/**
 * An installation proves itself with a secret it made (docs/sync.md, Devices): the id alone is
 * no proof, it is on every event the PC wrote. The device keeps the secret's SHA-256. A request
 * naming an installation id it cannot prove becomes a device of its own, so the id is no longer
 * unique in a region (PCs cloned from one disk image before their first registration share it).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'installation-secret',
  up: `
    ALTER TABLE device ADD COLUMN installation_secret_hash bytea;
    ALTER TABLE device DROP CONSTRAINT device_region_code_installation_id_key;
    CREATE INDEX device_by_installation ON device (region_code, installation_id);
  `,
};
