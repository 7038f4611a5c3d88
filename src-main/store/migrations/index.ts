import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-intake.ts';
import { migration0003 } from './0003-accounts.ts';
import { migration0004 } from './0004-lifecycle.ts';
import { migration0005 } from './0005-list-indexes.ts';
import { migration0006 } from './0006-personal-data.ts';
import { migration0007 } from './0007-bundle-status.ts';
import { migration0008 } from './0008-daily-log.ts';
import { migration0009 } from './0009-bundle-tokens.ts';
import { migration0010 } from './0010-sync.ts';
import { migration0011 } from './0011-status-queue-index.ts';
import { migration0012 } from './0012-remote-scans.ts';
import { migration0013 } from './0013-outbox-pending.ts';
import { migration0014 } from './0014-outbox-read-indexes.ts';
import type { Migration } from './types.ts';

/** Every migration in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [
  migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009,
  migration0010, migration0011, migration0012, migration0013, migration0014,
];

/** The version of the last migration; the migrations test holds them to 1..n without gaps. */
export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
