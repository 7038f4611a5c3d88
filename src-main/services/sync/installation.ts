/**
 * The secret this installation proves itself with when it registers (docs/sync.md, Devices). Its
 * id is no proof: every event it wrote carries the id, and its centre's other PCs pull them. The
 * secret is made at the first registration, not at install, so PCs cloned from one disk image
 * before they were registered hold different ones; it is kept sealed under the data key, in the
 * store, so a backup restored on this PC still proves it. The gateway keeps only its SHA-256.
 */
import { randomBytes } from 'node:crypto';
import type { WriteTx } from '../../store/store.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';

const settingKey = 'sync.installationSecret';

export function installationSecret(tx: WriteTx): string {
  const sealed = readSetting(tx, settingKey);
  if (sealed !== null) return tx.cipher.open<string>(Buffer.from(sealed, 'base64'));
  const secret = randomBytes(32).toString('base64url');
  writeSetting(tx, settingKey, tx.cipher.seal(secret).toString('base64'));
  return secret;
}
