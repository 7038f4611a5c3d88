import { operations, operationNames } from '../domain/api/contract.ts';
import { AppError, type ErrorCode, type ErrorPayload } from '../domain/errors.ts';
import { appVersion } from '../services/app-info.ts';
import { bootServices } from '../services/boot.ts';
import { defaultDataDir } from '../services/paths.ts';

export interface CliRequest {
  operation: string | undefined;
  inputJson: string | undefined;
  user: string | undefined;
  password: string | undefined;
  dataDir: string | undefined;
  startFresh: boolean;
  list: boolean;
}

export interface CliOutcome {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

/** Exit codes scripts can branch on. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, auth: 3, invalid: 4, store: 5 } as const;

const exitFor: Partial<Record<ErrorCode, number>> = {
  UNKNOWN_OPERATION: exitCodes.usage,
  UNAUTHENTICATED: exitCodes.auth,
  LOCKED: exitCodes.auth,
  FORBIDDEN: exitCodes.auth,
  VALIDATION: exitCodes.invalid,
  STORE_CORRUPT: exitCodes.store,
  STORE_TOO_NEW: exitCodes.store,
  STORE_NOT_WRITABLE: exitCodes.store,
};

function failure(error: ErrorPayload): CliOutcome {
  return { exitCode: exitFor[error.code] ?? exitCodes.failed, stderr: JSON.stringify({ error }, null, 2) };
}

export async function runCli(request: CliRequest): Promise<CliOutcome> {
  if (request.list) {
    const list = operationNames.map((name) => ({
      name,
      summary: operations[name].summary,
      access: operations[name].access,
    }));
    return { exitCode: exitCodes.ok, stdout: JSON.stringify(list, null, 2) };
  }
  if (!request.operation) {
    return failure({
      code: 'VALIDATION',
      message: '用法：onewindow <操作名> [JSON 输入] --user 用户名（密码放在环境变量 ONEWINDOW_PASSWORD）；--list 列出全部操作。',
    });
  }
  let input: unknown = {};
  if (request.inputJson !== undefined) {
    try {
      input = JSON.parse(request.inputJson) as unknown;
    } catch (error) {
      return failure({
        code: 'VALIDATION',
        message: `输入不是有效的 JSON：${(error as Error).message}。请用单引号包住 JSON，例如 '{"id":"…"}'。`,
        field: 'input',
      });
    }
  }
  let services;
  try {
    services = bootServices({
      dataDir: request.dataDir ?? defaultDataDir(),
      appVersion: appVersion(),
      startFresh: request.startFresh,
    });
  } catch (error) {
    if (error instanceof AppError) return failure(error.toPayload());
    throw error;
  }
  try {
    let token: string | null = null;
    if (request.user !== undefined) {
      if (!request.password) {
        return failure({ code: 'UNAUTHENTICATED', message: '请在环境变量 ONEWINDOW_PASSWORD 中提供该用户的密码。' });
      }
      const login = await services.dispatcher.call('session/login', { username: request.user, password: request.password }, null);
      if (!login.ok) return failure(login.error);
      token = (login.value as { token: string }).token;
    }
    const result = await services.dispatcher.call(request.operation, input, token);
    if (token) await services.dispatcher.call('session/logout', {}, token);
    if (!result.ok) return failure(result.error);
    return { exitCode: exitCodes.ok, stdout: JSON.stringify(result.value, null, 2) };
  } finally {
    services.close();
  }
}
