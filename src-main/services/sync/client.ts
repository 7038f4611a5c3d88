/**
 * The gateway's HTTP API (gateway/openapi.json) as typed calls. Every answer is checked against
 * the protocol's schemas before anything is stored: a proxy's error page, a cut-off body or a
 * gateway of another version becomes a SyncFailure with a Chinese message, never a half-applied
 * page. Failures say whether waiting helps (`retryAfterMs`) or a person must act.
 */
import type { z } from 'zod';
import { refusalFromHeaders, syncErrorBodySchema, type SyncErrorCode } from '../../domain/sync/errors.ts';
import { pullResponseSchema, type PullRequest, type PullResponse } from '../../domain/sync/pull.ts';
import { quickCheck, type QuickCheck } from '../../domain/sync/quick-check.ts';
import { pushResponseSchema, type PushResponse } from '../../domain/sync/push.ts';
import {
  registerResponseSchema,
  renewTokenResponseSchema,
  type RegisterRequest,
  type RegisterResponse,
  type RenewTokenResponse,
} from '../../domain/sync/registration.ts';
import { sessionResponseSchema, type SessionResponse } from '../../domain/sync/session.ts';
import { protocolHeader, protocolVersion } from '../../domain/sync/version.ts';
import { attachmentStatusSchema, type AttachmentStatus } from '../../domain/sync/attachments.ts';
import { AppError } from '../../domain/errors.ts';
import { pushRequestJson, type OutgoingPush } from './push-json.ts';
import { EncodedJson, type HttpAnswer, type HttpMethod, type Transport } from './transport.ts';

/** The gateway's codes, and what only this PC can find: the link itself, an unreadable answer, a pulled case's number held here by a real case. */
export type FailureKind = SyncErrorCode | 'NETWORK' | 'GARBAGE' | 'CASE_NUMBER_CLASH';

export class SyncFailure extends Error {
  readonly kind: FailureKind;
  /** How long the gateway asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | null;
  constructor(kind: FailureKind, message: string, retryAfterMs: number | null = null) {
    super(message);
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Only these get better by waiting; the others need a person (upgrade, re-register, a new code). */
export function waitingHelps(kind: FailureKind): boolean {
  return kind === 'NETWORK' || kind === 'GARBAGE' || kind === 'UNAVAILABLE' || kind === 'RATE_LIMITED' || kind === 'INTERNAL' || kind === 'EPOCH_CHANGED';
}

const garbage = (host: string, what: string) =>
  new SyncFailure('GARBAGE', `中心平台 ${host} 的应答无法识别（${what}），可能是代理或网关故障；稍后自动重试，办件都保存在本机，不会丢失或重复。`);

function retryAfter(answer: HttpAnswer, bodySeconds: number | undefined): number | null {
  const header = answer.headers['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return bodySeconds === undefined ? null : bodySeconds * 1000;
}

/**
 * A body-less refusal (HEAD) from a gateway older than the error headers, read by its status:
 * what each status means on the protocol's HEAD, so the engine renews, stops or waits as it
 * would for the coded refusal. Other statuses are left to the caller (busy, down, garbage).
 */
function refusalByStatus(status: number, host: string): SyncFailure | null {
  switch (status) {
    case 401:
      return new SyncFailure('UNAUTHENTICATED', `中心平台 ${host} 不再接受本机的访问凭据（HTTP 401）：本机用设备密钥换取新凭据后自动重试，待发送的办件保留在本机。`);
    case 403:
      return new SyncFailure('DEVICE_REVOKED', `中心平台 ${host} 拒绝本机访问（HTTP 403），本机可能已被注销。请管理员在“同步”页用新的注册码重新注册本机；未发送的办件保留在本机，注册后自动补发。`);
    case 404:
      return new SyncFailure('NOT_FOUND', `中心平台 ${host} 上还没有这份扫描件（HTTP 404）：受理的电脑尚未把它上传。`);
    case 426:
      return new SyncFailure('PROTOCOL_UNSUPPORTED', `中心平台 ${host} 不接受本机的协议版本（HTTP 426）：请升级本软件或中心平台，待发送的办件保留在本机。`);
    default:
      return null;
  }
}

/**
 * A pulled page and a push answer are checked node by node without zod's copy; zod parses only a
 * page the quick check does not pass. The session's answer too: it opens every sync cycle, and
 * zod's first parse of a schema in a just-started app (compiling it) held up the first push.
 */
const quickPull = quickCheck(pullResponseSchema);
const quickPush = quickCheck(pushResponseSchema);
const quickSession = quickCheck(sessionResponseSchema);

export class GatewayClient {
  private readonly transport: Transport;
  private readonly base: URL;
  private readonly version: number;
  constructor(transport: Transport, base: URL, version: number = protocolVersion) {
    this.transport = transport;
    this.base = base;
    this.version = version;
  }

  register(request: RegisterRequest): Promise<RegisterResponse> {
    return this.call('POST', '/v1/devices/register', null, request, registerResponseSchema);
  }

  renewToken(deviceId: string, deviceSecret: string): Promise<RenewTokenResponse> {
    return this.call('POST', '/v1/devices/token', null, { deviceId, deviceSecret }, renewTokenResponseSchema);
  }

  session(token: string): Promise<SessionResponse> {
    return this.call('GET', '/v1/session', token, undefined, sessionResponseSchema, undefined, undefined, quickSession);
  }

  push(token: string, request: OutgoingPush): Promise<PushResponse> {
    return this.call('POST', '/v1/push', token, new EncodedJson(pushRequestJson(request)), pushResponseSchema, undefined, undefined, quickPush);
  }

  pull(token: string, request: PullRequest, signal?: AbortSignal): Promise<PullResponse> {
    return this.call('POST', '/v1/pull', token, request, pullResponseSchema, signal, undefined, quickPull);
  }

  /** Where an upload of the scan stands at the gateway (null: it has none of it). */
  async attachmentStatus(token: string, sha256: string): Promise<{ received: number; size: number } | null> {
    const answer = await this.exchange('HEAD', `/v1/attachments/${sha256}`, token, undefined, undefined, true);
    if (answer.status === 404) return null;
    const [received, size] = [Number(answer.headers['upload-offset']), Number(answer.headers['upload-length'])];
    if (!Number.isInteger(received) || !Number.isInteger(size)) throw garbage(this.base.host, '附件状态缺少 Upload-Offset');
    return { received, size };
  }

  uploadAttachmentChunk(token: string, sha256: string, start: number, total: number, bytes: Uint8Array): Promise<AttachmentStatus> {
    const range = { 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}` };
    return this.call('PUT', `/v1/attachments/${sha256}`, token, bytes, attachmentStatusSchema, undefined, range);
  }

  async downloadAttachment(token: string, sha256: string): Promise<Buffer> {
    return (await this.exchange('GET', `/v1/attachments/${sha256}`, token, undefined)).bytes;
  }

  private async call<S extends z.ZodType>(method: HttpMethod, path: string, token: string | null, body: unknown, schema: S, signal?: AbortSignal, extra?: Record<string, string>, quick?: QuickCheck<z.infer<S>>): Promise<z.infer<S>> {
    const answer = await this.exchange(method, path, token, body, signal, false, extra);
    const passed = answer.unreadable ? null : (quick?.pass(answer.body) ?? null);
    if (passed !== null) return passed;
    const parsed = schema.safeParse(answer.body);
    if (answer.unreadable || !parsed.success) throw garbage(this.base.host, answer.unreadable ? '不是 JSON' : `格式不符：${parsed.error?.issues[0]?.path.join('.') ?? ''}`);
    return parsed.data;
  }

  /** One request; a 2xx answer (or, when `notFoundIsAnswer`, a 404) is returned, anything else thrown as a SyncFailure. */
  private async exchange(method: HttpMethod, path: string, token: string | null, body: unknown, signal?: AbortSignal, notFoundIsAnswer = false, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...extra, [protocolHeader]: String(this.version) };
    if (token) headers.authorization = `Bearer ${token}`;
    let answer: HttpAnswer;
    try {
      answer = await this.transport.send(this.base, method, path, headers, body, signal);
    } catch (error) {
      if (error instanceof AppError) throw new SyncFailure(error.code === 'VALIDATION' ? 'VALIDATION' : 'NETWORK', error.message);
      throw error;
    }
    const host = this.base.host;
    if ((answer.status >= 200 && answer.status < 300) || (notFoundIsAnswer && answer.status === 404)) return answer;
    const refusal = method === 'HEAD' ? { success: true as const, data: { error: refusalFromHeaders(answer.headers) } } : syncErrorBodySchema.safeParse(answer.body);
    if (!refusal.success || refusal.data.error === null) {
      const byStatus = method === 'HEAD' ? refusalByStatus(answer.status, host) : null;
      if (byStatus) throw byStatus;
      if (answer.status === 429 || answer.status === 503) {
        throw new SyncFailure(answer.status === 429 ? 'RATE_LIMITED' : 'UNAVAILABLE', `中心平台 ${host} 暂时忙（HTTP ${answer.status}），稍后自动重试。`, retryAfter(answer, undefined));
      }
      if (answer.status >= 500 || answer.status === 502 || answer.status === 504) throw new SyncFailure('UNAVAILABLE', `中心平台 ${host} 暂时不可用（HTTP ${answer.status}），稍后自动重试。`);
      throw garbage(host, `HTTP ${answer.status}`);
    }
    const { code, message, retryAfterSeconds } = refusal.data.error;
    throw new SyncFailure(code, message, retryAfter(answer, retryAfterSeconds));
  }
}
