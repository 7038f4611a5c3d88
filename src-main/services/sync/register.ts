/**
 * Registering this PC with the gateway: an address and the one-time code from the centre's
 * admin. The answer (device code, credentials, epoch) is stored in one transaction, the window's
 * device code becomes the registered one (it is in every case number from then on), this PC's
 * centre becomes the code's centre unless real cases bind it to its own (centre.ts), the
 * seeded demo history is taken out of the outbox (it never leaves this PC), and every account of
 * this PC is queued for the gateway (the centre's people, so they can log in at any of its PCs).
 */
import { AppError } from '../../domain/errors.ts';
import type { Store } from '../../store/store.ts';
import { forgetWindows } from '../intake/window.ts';
import { noticeSigningKey } from '../notices/signing.ts';
import { readSetting } from '../settings/settings.ts';
import type { LocalCentre, RegisterRequest } from '../../domain/sync/registration.ts';
import { adoptCentre, boundCentre } from './centre.ts';
import { GatewayClient, SyncFailure } from './client.ts';
import { installationSecret } from './installation.ts';
import { saveRegistration } from './link.ts';
import { parseGatewayUrl, type Transport } from './transport.ts';
import { queueAllUsersForSync } from './users.ts';

export interface RegisterInput {
  gatewayUrl: string;
  code: string;
  deviceName: string;
}

const codeFailures = new Set(['REGISTRATION_CODE_INVALID', 'REGISTRATION_CODE_USED', 'REGISTRATION_CODE_EXPIRED', 'CENTRE_MISMATCH']);

/** The gateway's refusal or an unreachable gateway, as the admin screen says it. */
function registrationFailure(error: SyncFailure): AppError {
  if (codeFailures.has(error.kind) || error.kind === 'VALIDATION') return new AppError('VALIDATION', error.message, { field: 'code' });
  // The request may have reached the gateway and only its answer been lost: the same code from this PC is answered again.
  return new AppError(
    'UNAVAILABLE',
    `注册未完成：${whatFailed(error.message)}。请核对中心平台地址和本机网络（或请信息中心确认中心平台在运行），再按“注册本机”：同一注册码仍可使用——没有用掉；即使中心平台已记下这次注册，本机再交同一注册码也取回同一设备编码，无须另行签发。`,
    { field: 'gatewayUrl' },
  );
}

/**
 * The transport's reason without its sync tail: registration is not retried by itself and no
 * case waits on it, so "稍后自动重试；办件都保存在本机" would promise what does not happen here.
 */
function whatFailed(message: string): string {
  return message.replace(/[，；]?\s*稍后自动重试[\s\S]*$/, '').replace(/[。；，\s]+$/, '');
}

export async function registerDevice(
  deps: { store: Store; deviceId: string; appVersion: string; clock: () => Date },
  transport: Transport,
  input: RegisterInput,
  actor: { userId: string; role: 'admin' },
): Promise<{ deviceCode: string }> {
  const url = parseGatewayUrl(input.gatewayUrl);
  const client = new GatewayClient(transport, url);
  // Made and stored before the request leaves, so this PC can prove itself should the answer not be stored.
  const secret = deps.store.write({ actor, deviceId: deps.deviceId, now: deps.clock() }, (tx) => installationSecret(tx));
  // The platform learns the public half of this PC's notice-signing key, so a phone that scans a
  // printed notice can have it verified there (GET /verify/notice).
  const { noticeKey, localCentre } = deps.store.read((tx) => ({ noticeKey: noticeSigningKey(tx.cipher.noticeSigningSeed).publicKey, localCentre: boundCentre(tx) }));
  const request: RegisterRequest = {
    code: input.code,
    installationId: deps.deviceId,
    installationSecret: secret,
    deviceName: input.deviceName,
    appVersion: deps.appVersion,
    noticeKey: { algorithm: 'SM2', publicKey: noticeKey },
    ...(localCentre ? { localCentre } : {}),
  };
  let answer;
  try {
    answer = await client.register(request);
  } catch (error) {
    if (error instanceof SyncFailure) throw registrationFailure(error);
    throw error;
  }
  const boundMeanwhile = deps.store.write({ actor, deviceId: deps.deviceId, now: deps.clock() }, (tx) => {
    // A real case taken while the request was out would be relabelled by adoptCentre below.
    const bound = boundCentre(tx);
    if (bound && bound.regionCode !== answer.centre.regionCode) return bound;
    saveRegistration(tx, {
      gatewayUrl: url.href.replace(/\/$/, ''),
      deviceCode: answer.deviceCode,
      deviceRole: answer.deviceRole,
      centre: answer.centre,
      credentials: { deviceId: answer.deviceId, deviceSecret: answer.deviceSecret, accessToken: answer.accessToken, accessTokenExpiresAt: answer.accessTokenExpiresAt },
      epoch: answer.epoch,
    });
    const centreBefore = adoptCentre(tx, answer.centre);
    const windowId = readSetting(tx, 'device.windowId');
    if (windowId) {
      const clash = tx.get<{ name: string }>('SELECT name FROM service_window WHERE device_code = ? AND id <> ?', answer.deviceCode, windowId);
      // Another window row here holds the code (a demo window, or a stale copy): it gets a placeholder no gateway issues ('~' is not in its alphabet).
      if (clash) tx.run("UPDATE service_window SET device_code = '~' || substr(hex(randomblob(1)), 1, 2) WHERE device_code = ? AND id <> ?", answer.deviceCode, windowId);
      tx.run('UPDATE service_window SET device_code = ? WHERE id = ?', answer.deviceCode, windowId);
      forgetWindows(tx);
    }
    const demo = tx.run(
      `DELETE FROM outbox WHERE message_id IN (SELECT e.id FROM case_event e JOIN case_record c ON c.id = e.case_id WHERE c.is_demo = 1)`,
    ).changes;
    const users = queueAllUsersForSync(tx);
    tx.audit({ action: 'sync.register', target: answer.deviceCode, detail: { gateway: url.host, centre: answer.centre.code, centreBefore, role: answer.deviceRole, demoMessagesDropped: demo, usersQueued: users } });
    return null;
  });
  if (boundMeanwhile) throw await returnCode(client, { ...request, localCentre: boundMeanwhile }, answer.centre.name);
  return { deviceCode: answer.deviceCode };
}

/**
 * A real case was taken here while the request was out: this PC is now bound to its own centre
 * and cannot take the code's, so the registration was not stored. The gateway holds the code as
 * used by this installation; presented again with the bound centre, it goes back unused (the
 * device it made is revoked), and another PC of the code's centre can register with it.
 */
async function returnCode(client: GatewayClient, request: RegisterRequest & { localCentre: LocalCentre }, codeCentre: string): Promise<AppError> {
  const bound = request.localCentre;
  const refused = `注册期间本机受理了${bound.name}的办件，本机不能再改属${codeCentre}，未注册。`;
  const ownCode = `本机请向${bound.name}的管理员索取本中心的注册码后重新注册。`;
  try {
    await client.register(request);
  } catch (error) {
    if (error instanceof SyncFailure && error.kind === 'REGISTRATION_CODE_RETURNED') {
      return new AppError('CONFLICT', `${refused}该注册码已退回中心平台，仍可用于${codeCentre}的其他电脑。${ownCode}`, { field: 'code' });
    }
    if (!(error instanceof SyncFailure)) throw error;
  }
  return new AppError(
    'CONFLICT',
    `${refused}该注册码暂仍记为本机所用（未能退回中心平台）：连通后在本机用同一注册码再注册一次即可退回（本机不会改属${codeCentre}），注册码随后仍可用于其他电脑。${ownCode}`,
    { field: 'code' },
  );
}
