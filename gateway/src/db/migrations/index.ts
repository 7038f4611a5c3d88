import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-notice-keys.ts';
import { migration0003 } from './0003-bundle-children.ts';
import { migration0004 } from './0004-installation-secret.ts';
import { migration0005 } from './0005-json-text.ts';
import { migration0006 } from './0006-feed-runs.ts';
import { migration0007 } from './0007-case-rows-inline.ts';
import type { Migration } from './types.ts';

/** Every migration in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007];
export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
