/**
 * The gateway's HTTP surface, declared once: the gateway serves these paths and the OpenAPI
 * document is generated from this table, so the document cannot drift from what is served.
 */
import type { z } from 'zod';
import { attachmentStatusSchema } from './attachments.ts';
import { pullRequestSchema, pullResponseSchema } from './pull.ts';
import { pushRequestSchema, pushResponseSchema } from './push.ts';
import {
  issueCodeRequestSchema,
  issueCodeResponseSchema,
  registerRequestSchema,
  registerResponseSchema,
  renewTokenRequestSchema,
  renewTokenResponseSchema,
} from './registration.ts';
import { sessionResponseSchema } from './session.ts';

export type Auth = 'none' | 'device' | 'device+admin';

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'head';
  path: string;
  summary: string;
  auth: Auth;
  /** Whether the OneWindow-Protocol header is required. */
  versioned: boolean;
  request?: z.ZodType;
  response?: z.ZodType;
  /** Not JSON: attachment bytes. */
  binary?: 'request' | 'response';
}

export const routes = {
  health: { method: 'get', path: '/health', summary: '存活检查：进程在运行', auth: 'none', versioned: false },
  ready: { method: 'get', path: '/ready', summary: '就绪检查：数据库可用、迁移完成、未在停机', auth: 'none', versioned: false },
  openapi: { method: 'get', path: '/openapi.json', summary: '本文档', auth: 'none', versioned: false },
  verifyNotice: {
    method: 'get',
    path: '/verify/notice',
    summary: '核验通知书二维码（手机扫码打开）：查询串即二维码内容，Accept: application/json 时答 JSON，否则答网页',
    auth: 'none',
    versioned: false,
  },
  register: {
    method: 'post',
    path: '/v1/devices/register',
    summary: '用一次性注册码注册设备，得到设备编码、访问令牌和设备密钥',
    auth: 'none',
    versioned: true,
    request: registerRequestSchema,
    response: registerResponseSchema,
  },
  renewToken: {
    method: 'post',
    path: '/v1/devices/token',
    summary: '用设备密钥换取新的访问令牌（到期或轮换）',
    auth: 'none',
    versioned: true,
    request: renewTokenRequestSchema,
    response: renewTokenResponseSchema,
  },
  session: {
    method: 'get',
    path: '/v1/session',
    summary: '本设备的会话：纪元、协议版本、网关时钟、网关已有本设备的哪些事件',
    auth: 'device',
    versioned: true,
    response: sessionResponseSchema,
  },
  push: {
    method: 'post',
    path: '/v1/push',
    summary: '推送发件箱（最多 1000 项或 1 MB），逐项应答',
    auth: 'device',
    versioned: true,
    request: pushRequestSchema,
    response: pushResponseSchema,
  },
  pull: {
    method: 'post',
    path: '/v1/pull',
    summary: '按游标分页拉取本中心的变更（可长轮询）',
    auth: 'device',
    versioned: true,
    request: pullRequestSchema,
    response: pullResponseSchema,
  },
  attachmentStatus: {
    method: 'head',
    path: '/v1/attachments/{sha256}',
    summary: '附件上传到哪里了（Upload-Offset 头）；404 表示网关还没有它。拒绝时没有正文，错误码和说明在 OneWindow-Error-Code / OneWindow-Error-Message 头里',
    auth: 'device',
    versioned: true,
  },
  attachmentUpload: {
    method: 'put',
    path: '/v1/attachments/{sha256}',
    summary: '上传附件的一段（Content-Range），可断点续传',
    auth: 'device',
    versioned: true,
    binary: 'request',
    response: attachmentStatusSchema,
  },
  attachmentDownload: {
    method: 'get',
    path: '/v1/attachments/{sha256}',
    summary: '下载附件（本中心案件引用的）',
    auth: 'device',
    versioned: true,
    binary: 'response',
  },
  issueCode: {
    method: 'post',
    path: '/v1/admin/registration-codes',
    summary: '中心系统管理员在本中心已注册的设备上签发注册码',
    auth: 'device+admin',
    versioned: true,
    request: issueCodeRequestSchema,
    response: issueCodeResponseSchema,
  },
} as const satisfies Record<string, RouteSpec>;
export type RouteName = keyof typeof routes;
