/**
 * Registration codes, device registration, token renewal and rotation, authentication and
 * revocation (src-main/domain/sync/registration.ts says what each promises).
 */
import { randomUUID } from 'node:crypto';
import { isDemoDeviceCode } from '../../../src-main/domain/cases/demo-device-codes.ts';
import { regionOfCentre, type DeviceRole } from '../../../src-main/domain/sync/common.ts';
import { chinaDateTime } from '../../../src-main/domain/time/china-time.ts';
import { formatRegistrationCode, normalizeRegistrationCode } from '../../../src-main/domain/sync/registration.ts';
import type { IssueCodeResponse, LocalCentre, RegisterRequest, RegisterResponse, RenewTokenResponse } from '../../../src-main/domain/sync/index.ts';
import { transaction, type Db, type Tx } from '../db/database.ts';
import { GatewayError } from '../http/errors.ts';
import { centreOf, ensureCentre } from './centres.ts';
import { recordNoticeKey } from './notice-keys.ts';
import { newAccessToken, newDeviceSecret, newRegistrationCode, parseAccessToken, parseDeviceSecret, sameHash, sha256, verifyPassword } from './tokens.ts';

export interface DeviceContext {
  region: string;
  deviceId: string;
  centreCode: string;
  deviceCode: string;
  deviceRole: DeviceRole;
  tokenId: string;
}

export async function issueRegistrationCode(
  db: Db,
  options: { centreCode: string; centreName: string | null; deviceRole: DeviceRole; validHours: number; issuedBy: string; now?: Date },
): Promise<IssueCodeResponse> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.validHours * 3_600_000);
  const code = newRegistrationCode();
  const centre = await transaction(db, async (tx) => {
    const c = await ensureCentre(tx, options.centreCode, options.centreName);
    await tx.query(
      `INSERT INTO registration_code (region_code, code_hash, centre_code, device_role, issued_by, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.regionCode, sha256(code), c.code, options.deviceRole, options.issuedBy, now, expiresAt],
    );
    return c;
  });
  return { code: formatRegistrationCode(code), centre, deviceRole: options.deviceRole, expiresAt: expiresAt.toISOString() };
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The first 3-character code not yet used in the region, in the order 001, 002, … ZZZ, leaving out those kept for demo data. */
async function allocateDeviceCode(tx: Tx, region: string): Promise<string> {
  // One allocation per region at a time (a hall's PCs registering at once would otherwise race for the same code).
  await tx.query("SELECT pg_advisory_xact_lock(7001003, hashtext($1))", [region]);
  const used = new Set((await tx.query<{ device_code: string }>('SELECT device_code FROM device WHERE region_code = $1', [region])).rows.map((r) => r.device_code));
  for (let n = 1; n < 36 ** 3; n++) {
    const code = alphabet[Math.floor(n / 1296)]! + alphabet[Math.floor(n / 36) % 36]! + alphabet[n % 36]!;
    if (!used.has(code) && !isDemoDeviceCode(code)) return code;
  }
  throw new GatewayError('INTERNAL', `区划 ${region} 的设备编码已用完，请联系省级平台管理员`);
}

async function issueToken(tx: Tx, region: string, deviceId: string, hours: number, now: Date): Promise<{ accessToken: string; accessTokenExpiresAt: string }> {
  const { token, tokenId } = newAccessToken(region, deviceId);
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await tx.query(
    'INSERT INTO device_token (region_code, device_id, token_id, token_hash, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [region, deviceId, tokenId, sha256(token), now, expiresAt],
  );
  return { accessToken: token, accessTokenExpiresAt: expiresAt.toISOString() };
}

interface CodeRow {
  region_code: string;
  centre_code: string;
  device_role: DeviceRole;
  expires_at: Date;
  used_at: Date | null;
  used_by: string | null;
}

type Centre = RegisterResponse['centre'];

interface InstallationRow {
  device_id: string;
  device_code: string;
  installation_secret_hash: Buffer | null;
  last_seen_at: Date | null;
}

/**
 * The device of the region this request may speak for. The installation id is no proof (it is on
 * every event the PC wrote, so its centre's other PCs read it); the installation secret is. A
 * device registered before secrets existed (none recorded) is taken, and bound to the secret
 * then sent, only with a fresh code: an administrator admitted that registration.
 */
function provenDevice(rows: InstallationRow[], secretHash: Buffer | null, freshCode: boolean): InstallationRow | undefined {
  return rows.find((row) => (row.installation_secret_hash === null ? freshCode : secretHash !== null && sameHash(row.installation_secret_hash, secretHash)));
}

/**
 * Registers a device with a one-time code. Idempotent per installation: the installation that
 * used the code may present it again while it is valid (the answer was lost, the app could not
 * store it) and gets the same device with new credentials; the lost answer's token and secret are
 * revoked, since nobody may hold them. Anyone else presenting a used code is refused.
 */
export async function registerDevice(db: Db, request: RegisterRequest & { code: string }, options: { tokenHours: number; epoch: string; now?: Date }): Promise<RegisterResponse> {
  const now = options.now ?? new Date();
  const outcome = await transaction(db, async (tx): Promise<RegisterResponse | { refusal: GatewayError }> => {
    const codeHash = sha256(normalizeRegistrationCode(request.code));
    const found = await tx.query<CodeRow>('SELECT region_code, centre_code, device_role, expires_at, used_at, used_by FROM registration_code WHERE code_hash = $1 FOR UPDATE', [codeHash]);
    const code = found.rows[0];
    if (!code) throw new GatewayError('REGISTRATION_CODE_INVALID', '注册码不存在，请核对后重新输入（注意不含 0、1、I、O），或请中心管理员重新签发', { field: 'code' });
    const region = code.region_code;
    const secretHash = request.installationSecret ? sha256(request.installationSecret) : null;
    const installations = await tx.query<InstallationRow>(
      'SELECT device_id, device_code, installation_secret_hash, last_seen_at FROM device WHERE region_code = $1 AND installation_id = $2 ORDER BY registered_at FOR UPDATE',
      [region, request.installationId],
    );
    const mine = provenDevice(installations.rows, secretHash, code.used_at === null);
    const repeated = code.used_at !== null && mine !== undefined && code.used_by === mine.device_id;
    if (code.used_at !== null && !repeated) {
      throw new GatewayError('REGISTRATION_CODE_USED', `该注册码已于 ${chinaDateTime(code.used_at.toISOString())}（北京时间）被其他设备使用，注册码只能使用一次，请中心管理员重新签发`, { field: 'code' });
    }
    if (code.expires_at.getTime() <= now.getTime()) {
      throw new GatewayError('REGISTRATION_CODE_EXPIRED', '注册码已过期，请中心管理员重新签发（注册码默认 24 小时内有效）', { field: 'code' });
    }
    const other = request.localCentre ? await anotherCentre(tx, request.localCentre, code) : null;
    if (other && request.localCentre) {
      if (!repeated) throw centreMismatch(request.localCentre, other);
      // The app could not store this code's answer because the PC became bound to its own centre meanwhile: the code goes back, unless the device it made was used.
      if (mine.last_seen_at !== null) throw new GatewayError('REGISTRATION_CODE_USED', '该注册码已由本机使用并已同步过，不能再退回，请中心管理员重新签发', { field: 'code' });
      await releaseCode(tx, region, codeHash, mine.device_id, now);
      return {
        refusal: new GatewayError(
          'REGISTRATION_CODE_RETURNED',
          `本机已有${request.localCentre.name}（区划 ${request.localCentre.regionCode}）受理的办件，不能改属${other.name}，未注册。该注册码已退回，仍可用于${other.name}的其他电脑；本机请向${request.localCentre.name}的管理员索取本中心的注册码。`,
          { field: 'code', details: { codeCentre: other, localCentre: request.localCentre } },
        ),
      };
    }
    const deviceId = mine?.device_id ?? randomUUID();
    const deviceCode = mine?.device_code ?? (await allocateDeviceCode(tx, region));
    const secret = newDeviceSecret(region, deviceId);
    if (mine) {
      await tx.query(
        `UPDATE device SET centre_code = $3, device_role = $4, name = $5, app_version = $6, secret_hash = $7, registered_at = $8, revoked_at = NULL,
                           installation_secret_hash = coalesce(installation_secret_hash, $9)
         WHERE region_code = $1 AND device_id = $2`,
        [region, deviceId, code.centre_code, code.device_role, request.deviceName, request.appVersion, sha256(secret), now, secretHash],
      );
      await tx.query('UPDATE device_token SET revoked_at = $3 WHERE region_code = $1 AND device_id = $2 AND revoked_at IS NULL', [region, deviceId, now]);
    } else {
      await tx.query(
        `INSERT INTO device (region_code, device_id, centre_code, device_code, device_role, name, installation_id, installation_secret_hash, app_version, secret_hash, registered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [region, deviceId, code.centre_code, deviceCode, code.device_role, request.deviceName, request.installationId, secretHash, request.appVersion, sha256(secret), now],
      );
    }
    await tx.query('UPDATE registration_code SET used_at = coalesce(used_at, $3), used_by = $4 WHERE region_code = $1 AND code_hash = $2', [region, codeHash, now, deviceId]);
    if (request.noticeKey) await recordNoticeKey(tx, region, deviceId, request.noticeKey.publicKey, now);
    const credentials = await issueToken(tx, region, deviceId, options.tokenHours, now);
    return {
      deviceId,
      deviceCode,
      deviceRole: code.device_role,
      centre: await centreOf(tx, code.centre_code),
      deviceSecret: secret,
      ...credentials,
      epoch: options.epoch,
    };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return outcome;
}

/**
 * A code whose registration the PC never stored goes back unused; the device it made is revoked
 * (its code stays allocated, and comes back should this installation register in the region).
 */
async function releaseCode(tx: Tx, region: string, codeHash: Buffer, deviceId: string, now: Date): Promise<void> {
  await tx.query('UPDATE registration_code SET used_at = NULL, used_by = NULL WHERE region_code = $1 AND code_hash = $2', [region, codeHash]);
  await tx.query('UPDATE device SET revoked_at = $3 WHERE region_code = $1 AND device_id = $2', [region, deviceId, now]);
  await tx.query('UPDATE device_token SET revoked_at = $3 WHERE region_code = $1 AND device_id = $2 AND revoked_at IS NULL', [region, deviceId, now]);
}

/**
 * A PC that holds real cases of its centre may register only with a code of that centre: taking
 * another centre's would put its cases under that centre's name and region. Checked inside the
 * transaction before the code is marked used, so a refused code still serves another PC.
 * Returns the code's centre when it is another one.
 */
async function anotherCentre(tx: Tx, local: LocalCentre, code: CodeRow): Promise<Centre | null> {
  if (local.regionCode === code.region_code && (local.centreCode === undefined || local.centreCode === code.centre_code)) return null;
  return centreOf(tx, code.centre_code);
}

function centreMismatch(local: LocalCentre, target: Centre): GatewayError {
  return new GatewayError(
    'CENTRE_MISMATCH',
    `该注册码属于${target.name}（中心代码 ${target.code}），而本机已有${local.name}（区划 ${local.regionCode}）受理的办件。` +
      `改注册到其他中心会把这些办件记到别的中心名下，因此本机未注册，该注册码也未被使用，仍可用于其他电脑。` +
      `请向${local.name}的管理员索取本中心的注册码；如本机确须改属其他中心，请联系信息科。`,
    { field: 'code', details: { codeCentre: target, localCentre: local } },
  );
}

export async function renewToken(db: Db, deviceId: string, deviceSecret: string, options: { tokenHours: number; epoch: string; now?: Date }): Promise<RenewTokenResponse> {
  const now = options.now ?? new Date();
  const parsed = parseDeviceSecret(deviceSecret);
  if (!parsed || parsed.deviceId !== deviceId) throw new GatewayError('UNAUTHENTICATED', '设备密钥无效，请重新注册本机（向中心管理员索取注册码）');
  return transaction(db, async (tx) => {
    const r = await tx.query<{ secret_hash: Buffer; revoked_at: Date | null }>('SELECT secret_hash, revoked_at FROM device WHERE region_code = $1 AND device_id = $2', [parsed.region, deviceId]);
    const row = r.rows[0];
    if (!row || !sameHash(row.secret_hash, sha256(deviceSecret))) throw new GatewayError('UNAUTHENTICATED', '设备密钥无效，请重新注册本机（向中心管理员索取注册码）');
    if (row.revoked_at) throw revoked(row.revoked_at);
    return { ...(await issueToken(tx, parsed.region, deviceId, options.tokenHours, now)), epoch: options.epoch };
  });
}

const revoked = (at: Date) =>
  new GatewayError('DEVICE_REVOKED', `本设备已于 ${chinaDateTime(at.toISOString())}（北京时间）被中心管理员停用，不能再同步；待发送的办件仍保留在本机。请向中心管理员索取新的注册码重新注册`);

interface AuthRow {
  centre_code: string;
  device_code: string;
  device_role: DeviceRole;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  token_hash: Buffer;
  issued_at: Date;
  expires_at: Date;
  first_used_at: Date | null;
  token_revoked_at: Date | null;
}

/** Who is calling: a live token of a device that is not revoked. */
export async function authenticate(db: Db, authorization: string | undefined, now = new Date()): Promise<DeviceContext> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const parsed = token ? parseAccessToken(token) : null;
  if (!token || !parsed) throw new GatewayError('UNAUTHENTICATED', '缺少或无法识别访问令牌，请在系统设置中重新连接中心平台');
  const r = await db.query<AuthRow>(
    `SELECT d.centre_code, d.device_code, d.device_role, d.revoked_at, d.last_seen_at,
            t.token_hash, t.issued_at, t.expires_at, t.first_used_at, t.revoked_at AS token_revoked_at
       FROM device d JOIN device_token t ON t.region_code = d.region_code AND t.device_id = d.device_id
      WHERE d.region_code = $1 AND d.device_id = $2 AND t.token_id = $3`,
    [parsed.region, parsed.deviceId, parsed.tokenId],
  );
  const row = r.rows[0];
  if (!row || !sameHash(row.token_hash, sha256(token))) throw new GatewayError('UNAUTHENTICATED', '访问令牌无效，请用设备密钥换取新令牌；仍不行时请重新注册本机');
  if (row.revoked_at) throw revoked(row.revoked_at);
  if (row.token_revoked_at) throw new GatewayError('UNAUTHENTICATED', '访问令牌已被新令牌取代，请使用最新的令牌（或用设备密钥重新换取）');
  if (row.expires_at.getTime() <= now.getTime()) throw new GatewayError('UNAUTHENTICATED', '访问令牌已过期，请用设备密钥换取新令牌；待发送的办件保留在本机', { details: { expired: true } });
  if (row.first_used_at === null) {
    // Rotation completes when the new token is first used: older ones end here.
    await db.query('UPDATE device_token SET first_used_at = $4 WHERE region_code = $1 AND device_id = $2 AND token_id = $3 AND first_used_at IS NULL', [parsed.region, parsed.deviceId, parsed.tokenId, now]);
    await db.query('UPDATE device_token SET revoked_at = $4 WHERE region_code = $1 AND device_id = $2 AND issued_at < $3 AND revoked_at IS NULL', [parsed.region, parsed.deviceId, row.issued_at, now]);
  }
  if (row.last_seen_at === null || now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.query('UPDATE device SET last_seen_at = $3 WHERE region_code = $1 AND device_id = $2', [parsed.region, parsed.deviceId, now]);
  }
  return { region: parsed.region, deviceId: parsed.deviceId, centreCode: row.centre_code, deviceCode: row.device_code, deviceRole: row.device_role, tokenId: parsed.tokenId };
}

export async function revokeDevice(db: Db, region: string, deviceCode: string, now = new Date()): Promise<{ deviceId: string; name: string } | null> {
  return transaction(db, async (tx) => {
    const r = await tx.query<{ device_id: string; name: string }>(
      'UPDATE device SET revoked_at = coalesce(revoked_at, $3) WHERE region_code = $1 AND device_code = $2 RETURNING device_id, name',
      [region, deviceCode, now],
    );
    const row = r.rows[0];
    if (row) await tx.query('UPDATE device_token SET revoked_at = $3 WHERE region_code = $1 AND device_id = $2 AND revoked_at IS NULL', [region, row.device_id, now]);
    return row ? { deviceId: row.device_id, name: row.name } : null;
  });
}

/** The admin endpoint's check: an administrator of the device's own centre, by the verifier the gateway holds. */
export async function checkCentreAdmin(db: Db, device: DeviceContext, username: string, password: string): Promise<string> {
  const r = await db.query<{ user_id: string; password_verifier: string; role: string; disabled: boolean }>(
    'SELECT user_id, password_verifier, role, disabled FROM centre_user WHERE region_code = $1 AND centre_code = $2 AND lower(username) = lower($3)',
    [regionOfCentre(device.centreCode), device.centreCode, username],
  );
  const user = r.rows[0];
  const ok = user !== undefined && (await verifyPassword(password, user.password_verifier));
  if (!user || !ok) throw new GatewayError('FORBIDDEN', '用户名或密码不正确（中心平台按已同步的本中心用户核对；新建的管理员须先同步一次）');
  if (user.disabled || user.role !== 'admin') throw new GatewayError('FORBIDDEN', '只有本中心的系统管理员可以签发注册码');
  return user.user_id;
}
