/**
 * The sync protocol's version. Every request names the version it speaks in the
 * `OneWindow-Protocol` header; the gateway answers the current and the previous version and
 * refuses any other with `PROTOCOL_UNSUPPORTED` (HTTP 426), whose message tells the person at the
 * window to upgrade. The app keeps its outbox meanwhile, so nothing waiting is lost.
 *
 * Changes within a version are additive only: new optional fields, new item kinds a reader may
 * skip, new error codes. Anything else (a field removed, a meaning changed) is a new version,
 * and the gateway keeps answering the previous one for as long as apps in the field speak it.
 */
export const protocolHeader = 'OneWindow-Protocol';
export const protocolVersion = 1;
/** The oldest version the gateway still answers: the current one and the one before it. */
export const oldestAcceptedProtocolVersion = Math.max(1, protocolVersion - 1);

export type ProtocolCheck =
  | { ok: true; version: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'too_old' | 'too_new'; message: string };

/** Reads the header's value the way the gateway does (also used by the app to explain a refusal). */
/** The versions a gateway speaking `current` answers: `current` and the one before it. */
export function acceptedRange(current: number = protocolVersion): { current: number; oldestAccepted: number } {
  return { current, oldestAccepted: Math.max(1, current - 1) };
}

export function checkProtocolVersion(header: string | null | undefined, current: number = protocolVersion): ProtocolCheck {
  const { oldestAccepted } = acceptedRange(current);
  if (header === undefined || header === null || header.trim() === '') {
    return { ok: false, reason: 'missing', message: `请求缺少同步协议版本（${protocolHeader} 头），请升级一窗通客户端后再同步` };
  }
  if (!/^\d{1,4}$/.test(header.trim())) {
    return { ok: false, reason: 'malformed', message: `同步协议版本“${header}”无法识别，请升级一窗通客户端后再同步` };
  }
  const version = Number(header.trim());
  if (version < oldestAccepted) {
    return {
      ok: false,
      reason: 'too_old',
      message: `本机一窗通使用的同步协议版本 ${version} 已停用（中心平台支持 ${oldestAccepted}–${current}），请升级一窗通客户端；待发送的办件保留在本机，升级后自动补发`,
    };
  }
  if (version > current) {
    return {
      ok: false,
      reason: 'too_new',
      message: `本机一窗通使用的同步协议版本 ${version} 比中心平台（${current}）新，请联系管理员升级中心平台前置服务；待发送的办件保留在本机`,
    };
  }
  return { ok: true, version };
}
