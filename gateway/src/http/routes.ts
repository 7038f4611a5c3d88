/**
 * The handlers behind src-main/domain/sync/routes.ts. Each gets the parsed request and answers
 * with a JSON body; authentication and the protocol header are checked before, from the route
 * table's own `auth` and `versioned` fields.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachmentLimits } from '../../../src-main/domain/sync/attachments.ts';
import { pullRequestSchema } from '../../../src-main/domain/sync/pull.ts';
import { pushBatchSchema, pushLimits } from '../../../src-main/domain/sync/push.ts';
import { quickCheck } from '../../../src-main/domain/sync/quick-check.ts';
import { issueCodeRequestSchema, registerRequestSchema, renewTokenRequestSchema } from '../../../src-main/domain/sync/registration.ts';
import type { RouteName } from '../../../src-main/domain/sync/routes.ts';
import type { Gateway } from '../gateway.ts';
import { downloadAttachment, attachmentStatus, uploadChunk } from '../services/attachments.ts';
import { checkCentreAdmin, issueRegistrationCode, registerDevice, renewToken, type DeviceContext } from '../services/devices.ts';
import { verdictPage, verifyNoticeAt } from '../services/notice-keys.ts';
import { pull } from '../services/pull.ts';
import { push } from '../services/push.ts';
import { session } from '../services/session.ts';
import { readBody, readEscapedJson, readJson, sendJson } from './body.ts';
import { GatewayError } from './errors.ts';

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  device: DeviceContext | null;
  gateway: Gateway;
}

const smallBody = 64 * 1024;
const quickBatch = quickCheck(pushBatchSchema);

function deviceOf(call: Call): DeviceContext {
  if (!call.device) throw new GatewayError('UNAUTHENTICATED', '缺少访问令牌');
  return call.device;
}

export const handlers: Record<Exclude<RouteName, 'health' | 'ready' | 'openapi'>, (call: Call) => Promise<void>> = {
  async register(call) {
    const body = await readJson(call.req, registerRequestSchema, smallBody, '注册请求');
    const g = call.gateway;
    sendJson(call.res, 200, await registerDevice(g.db, body, { tokenHours: g.config.accessTokenHours, epoch: await g.epoch.current() }));
  },
  async renewToken(call) {
    const body = await readJson(call.req, renewTokenRequestSchema, smallBody, '换取令牌请求');
    const g = call.gateway;
    sendJson(call.res, 200, await renewToken(g.db, body.deviceId, body.deviceSecret, { tokenHours: g.config.accessTokenHours, epoch: await g.epoch.current() }));
  },
  async session(call) {
    sendJson(call.res, 200, await session(call.gateway.db, deviceOf(call), await call.gateway.epoch.current(), call.gateway.config.protocolVersion));
  },
  async push(call) {
    const device = deviceOf(call);
    const { value: body, escaped } = await readEscapedJson(call.req, pushBatchSchema, pushLimits.maxBytes, '推送批次', quickBatch);
    const g = call.gateway;
    const release = g.admitPush();
    try {
      const answer = await push(g.db, device, body, { sealer: g.sealer, epoch: await g.epoch.current(), notifier: g.notifier, escaped });
      g.log.debug({ device: device.deviceCode, items: body.items.length }, 'push');
      sendJson(call.res, 200, answer);
    } finally {
      release();
    }
  },
  async pull(call) {
    const device = deviceOf(call);
    const body = await readJson(call.req, pullRequestSchema, smallBody, '拉取请求');
    const g = call.gateway;
    sendJson(call.res, 200, await pull(g.db, device, body, { sealer: g.sealer, epoch: await g.epoch.current(), listener: g.listener, stopping: () => g.stopping, log: g.log }));
  },
  async attachmentStatus(call) {
    const status = await attachmentStatus(call.gateway, deviceOf(call), call.params.sha256 ?? '');
    call.res.writeHead(status ? 200 : 404, status ? { 'upload-offset': String(status.received), 'upload-length': String(status.size), 'cache-control': 'no-store' } : {});
    call.res.end();
  },
  async attachmentUpload(call) {
    const body = await readBody(call.req, attachmentLimits.maxChunkBytes, '附件分段');
    sendJson(call.res, 200, await uploadChunk(call.gateway, deviceOf(call), call.params.sha256 ?? '', call.req.headers['content-range'], body));
  },
  async attachmentDownload(call) {
    const bytes = await downloadAttachment(call.gateway, deviceOf(call), call.params.sha256 ?? '');
    call.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'cache-control': 'private, max-age=31536000, immutable' });
    call.res.end(bytes);
  },
  async verifyNotice(call) {
    // The scanned link is this request's own address: the path and the query as the QR code carries them.
    const verdict = await verifyNoticeAt(call.gateway.db, `https://platform${call.req.url ?? ''}`);
    const accept = call.req.headers.accept ?? '';
    if (accept.includes('application/json')) return sendJson(call.res, 200, verdict);
    const page = verdictPage(verdict);
    call.res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(page)),
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    call.res.end(page);
  },
  async issueCode(call) {
    const device = deviceOf(call);
    const body = await readJson(call.req, issueCodeRequestSchema, smallBody, '签发注册码请求');
    const g = call.gateway;
    const adminId = await checkCentreAdmin(g.db, device, body.username, body.password);
    const issued = await issueRegistrationCode(g.db, { centreCode: device.centreCode, centreName: null, deviceRole: body.deviceRole, validHours: body.validHours, issuedBy: `user:${adminId}@device:${device.deviceCode}` });
    g.log.info({ centre: device.centreCode, by: adminId, deviceRole: body.deviceRole }, 'registration code issued');
    sendJson(call.res, 200, issued);
  },
};
