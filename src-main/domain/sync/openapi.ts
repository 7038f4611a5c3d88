/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's
 * `toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses). The gateway serves it at
 * /openapi.json; `gateway/openapi.json` is the committed copy, and a test checks the two agree.
 */
import { z } from 'zod';
import { errorHeaders, syncErrorBodySchema, syncErrorCodes, syncErrorStatus } from './errors.ts';
import { routes, type RouteSpec } from './routes.ts';
import { oldestAcceptedProtocolVersion, protocolHeader, protocolVersion } from './version.ts';

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });
const headerRef = (name: string): Json => ({ $ref: `#/components/headers/${name}` });

function idOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (id === undefined) throw new Error('every request and response schema of the protocol needs .meta({ id })');
  return id;
}

/** A refused HEAD's two headers (errors.ts), described once in components.headers and referenced by every status. */
const refusalHeaders: Json = {
  [errorHeaders.code]: { description: '错误码（同 SyncError.code）', schema: { type: 'string', enum: [...syncErrorCodes] } },
  [errorHeaders.message]: { description: '中文说明，百分号编码（encodeURIComponent）', schema: { type: 'string' } },
};
const refusalHeaderRefs: Json = Object.fromEntries(Object.keys(refusalHeaders).map((name) => [name, headerRef(name)]));
const uploadHeaderDocs: Json = {
  'Upload-Offset': { description: '网关已收到的字节数；等于 Upload-Length 即上传完成', schema: { type: 'integer' } },
  'Upload-Length': { description: '附件总字节数', schema: { type: 'integer' } },
};

function operation(name: string, spec: RouteSpec): Json {
  const op: Json = { operationId: name, summary: spec.summary };
  const parameters: Json[] = [];
  if (spec.versioned) {
    parameters.push({
      name: protocolHeader,
      in: 'header',
      required: true,
      description: `同步协议版本；网关接受 ${oldestAcceptedProtocolVersion}–${protocolVersion}，其他版本返回 426 PROTOCOL_UNSUPPORTED`,
      schema: { type: 'integer', minimum: oldestAcceptedProtocolVersion, maximum: protocolVersion },
    });
  }
  if (spec.path.includes('{sha256}')) {
    parameters.push({ name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } });
  }
  if (spec.binary === 'request') {
    parameters.push({ name: 'Content-Range', in: 'header', required: true, schema: { type: 'string', example: 'bytes 0-1048575/2500000' } });
  }
  if (parameters.length > 0) op.parameters = parameters;
  if (spec.auth !== 'none') op.security = [{ deviceToken: [] }];
  if (spec.request) op.requestBody = { required: true, content: { 'application/json': { schema: ref(idOf(spec.request)) } } };
  if (spec.binary === 'request') op.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  const ok: Json = { description: '成功' };
  if (spec.response) ok.content = { 'application/json': { schema: ref(idOf(spec.response)) } };
  if (spec.binary === 'response') ok.content = { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } };
  if (spec.method === 'head') ok.headers = uploadHeaderDocs;
  const responses: Json = { '200': ok };
  if (spec.versioned || spec.auth !== 'none' || spec.request) {
    const statuses = [...new Set(syncErrorCodes.map((code) => syncErrorStatus[code]))].sort((a, b) => a - b);
    for (const status of statuses) {
      const codes = syncErrorCodes.filter((code) => syncErrorStatus[code] === status).join(', ');
      // A HEAD answer has no body: its refusal is in two headers (errors.ts).
      responses[String(status)] = spec.method === 'head' ? { description: codes, headers: refusalHeaderRefs } : { description: codes, content: { 'application/json': { schema: ref('SyncErrorBody') } } };
    }
  }
  op.responses = responses;
  return op;
}

/** The whole document, deterministic (same schemas → same JSON, key order included). */
export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    paths[spec.path] ??= {};
    (paths[spec.path] as Json)[spec.method] = operation(name, spec);
  }
  const wanted = new Set<string>(['SyncErrorBody']);
  for (const spec of Object.values(routes) as RouteSpec[]) {
    if (spec.request) wanted.add(idOf(spec.request));
    if (spec.response) wanted.add(idOf(spec.response));
  }
  // One pass over the registry so shared parts (CaseHeader, CentralEvent…) are one component each.
  const all = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  void syncErrorBodySchema; // registered by import; named here so the dependency is visible
  const schemas: Record<string, unknown> = {};
  const visit = (id: string): void => {
    if (schemas[id] !== undefined) return;
    const schema = all[id];
    if (schema === undefined) throw new Error(`schema ${id} is not registered`);
    const { $id: _id, $schema: _dialect, ...rest } = schema as Json;
    schemas[id] = rest;
    JSON.stringify(rest, (_key, value: unknown) => {
      if (typeof value === 'string' && value.startsWith('#/components/schemas/')) visit(value.slice('#/components/schemas/'.length));
      return value;
    });
  };
  [...wanted].sort().forEach(visit);
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((id) => [id, schemas[id]]));
  return {
    openapi: '3.1.0',
    info: {
      title: '一窗通中心平台前置服务（网关）同步协议',
      version: String(protocolVersion),
      description:
        '一窗通客户端与中心平台网关之间的同步协议。设计说明见 docs/sync.md；本文档由 src-main/domain/sync 的 zod 模式生成。',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: sorted,
      headers: refusalHeaders,
      securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer', description: '注册时取得的访问令牌' } },
    },
  };
}
