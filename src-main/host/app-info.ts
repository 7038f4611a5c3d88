import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../services/paths.ts';

/** The version shown in the UI and stamped into audit and sync records. */
export function appVersion(): string {
  const manifest = JSON.parse(readFileSync(join(resourcesDir(), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
