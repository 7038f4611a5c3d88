/**
 * This PC's link to the gateway (table sync_link): where it is, who this device is there, and
 * how the last attempt went. The device secret and access token are sealed with the data key.
 */
import type { FieldCipher } from '../../store/field-cipher.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

export interface Credentials {
  deviceId: string;
  deviceSecret: string;
  accessToken: string;
  accessTokenExpiresAt: string;
}

export interface LinkRow {
  gateway_url: string;
  device_id: string;
  device_code: string;
  device_role: string;
  centre_code: string;
  centre_name: string;
  region_code: string;
  credentials: Buffer;
  registered_at: string;
  revoked: number;
  epoch: string | null;
  cursor: string | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  clock_skew_ms: number | null;
}

export function readLink(tx: ReadTx): LinkRow | undefined {
  return tx.get<LinkRow>('SELECT * FROM sync_link WHERE id = 1');
}

/** The credentials each cipher opened last, with the sealed bytes they came from. */
const lastOpened = new WeakMap<FieldCipher, { sealed: Buffer; credentials: Readonly<Credentials> }>();

/**
 * The credentials the row holds. A push asks for them several times a batch (its token, its
 * scans, its request), and opening them is SM4 and HMAC-SM3 work each time; so the same sealed
 * bytes are opened once. The row is still read by every caller: a renewed token or a new
 * registration is sealed with a fresh IV, so its bytes differ and are opened at once.
 */
export function openCredentials(tx: ReadTx, link: LinkRow): Credentials {
  const cipher = tx.cipher;
  const last = lastOpened.get(cipher);
  if (last?.sealed.equals(link.credentials)) return last.credentials;
  const credentials = Object.freeze(cipher.open<Credentials>(link.credentials));
  lastOpened.set(cipher, { sealed: Buffer.from(link.credentials), credentials });
  return credentials;
}

export function saveCredentials(tx: WriteTx, credentials: Credentials): void {
  tx.run('UPDATE sync_link SET credentials = ? WHERE id = 1', tx.cipher.seal(credentials));
}

export interface Registration {
  gatewayUrl: string;
  deviceCode: string;
  deviceRole: string;
  centre: { code: string; name: string; regionCode: string };
  credentials: Credentials;
  epoch: string;
}

/** Replaces any earlier link: a re-registered PC keeps its log and outbox, and resends what the gateway lacks. */
export function saveRegistration(tx: WriteTx, r: Registration): void {
  tx.run('DELETE FROM sync_link');
  tx.run(
    `INSERT INTO sync_link (id, gateway_url, device_id, device_code, device_role, centre_code, centre_name, region_code, credentials, registered_at, epoch)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.gatewayUrl, r.credentials.deviceId, r.deviceCode, r.deviceRole, r.centre.code, r.centre.name, r.centre.regionCode,
    tx.cipher.seal(r.credentials), tx.now, r.epoch,
  );
}

export function recordAttempt(tx: WriteTx, outcome: { ok: true; skewMs: number | null } | { ok: false; code: string; message: string }): void {
  if (outcome.ok) {
    tx.run(
      'UPDATE sync_link SET last_attempt_at = ?, last_success_at = ?, last_error_code = NULL, last_error = NULL, clock_skew_ms = coalesce(?, clock_skew_ms) WHERE id = 1',
      tx.now, tx.now, outcome.skewMs,
    );
  } else {
    tx.run('UPDATE sync_link SET last_attempt_at = ?, last_error_code = ?, last_error = ? WHERE id = 1', tx.now, outcome.code, outcome.message);
  }
}
