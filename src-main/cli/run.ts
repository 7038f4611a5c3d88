import { operations, operationNames } from '../domain/api/contract.ts';
import { AppError, type ErrorCode, type ErrorPayload } from '../domain/errors.ts';
import { appVersion } from '../host/app-info.ts';
import { bootServices } from '../host/boot.ts';
import { defaultDataDir } from '../services/paths.ts';

export interface CliRequest {
  operation: string;
  /** The JSON input as text (from the argument, a file or stdin); undefined means `{}`. */
  inputText: string | undefined;
  /** Where the text came from, for the message when it is not JSON. */
  inputSource: string;
  inputKey: string | undefined;
  user: string | undefined;
  password: string | undefined;
  dataDir: string | undefined;
  startFresh: boolean;
}

export interface CliOutcome {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

/** Exit codes scripts can branch on. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, auth: 3, invalid: 4, store: 5, notVerified: 6 } as const;

const exitFor: Partial<Record<ErrorCode, number>> = {
  UNKNOWN_OPERATION: exitCodes.usage,
  UNAUTHENTICATED: exitCodes.auth,
  LOCKED: exitCodes.auth,
  FORBIDDEN: exitCodes.auth,
  VALIDATION: exitCodes.invalid,
  STORE_CORRUPT: exitCodes.store,
  STORE_TOO_NEW: exitCodes.store,
  STORE_NOT_WRITABLE: exitCodes.store,
  SITE_INVALID: exitCodes.store,
};

function failure(error: ErrorPayload): CliOutcome {
  return { exitCode: exitFor[error.code] ?? exitCodes.failed, stderr: JSON.stringify({ error }, null, 2) };
}

export function listOperations(): CliOutcome {
  const list = operationNames.map((name) => ({ name, summary: operations[name].summary, access: operations[name].access }));
  return { exitCode: exitCodes.ok, stdout: JSON.stringify(list, null, 2) };
}

function parseInput(request: CliRequest): { ok: true; input: unknown } | { ok: false; outcome: CliOutcome } {
  if (request.inputText === undefined) return { ok: true, input: {} };
  let parsed: unknown;
  try {
    // A file saved by a Windows editor may start with a byte-order mark; JSON.parse refuses it.
    parsed = JSON.parse(request.inputText.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    return {
      ok: false,
      outcome: failure({
        code: 'VALIDATION',
        message: `${request.inputSource}不是有效的 JSON：${(error as Error).message}。命令行上请用单引号包住 JSON，例如 '{"id":"…"}'；较大的输入请放在文件中用 --input-file 读取。`,
        field: 'input',
      }),
    };
  }
  return { ok: true, input: request.inputKey === undefined ? parsed : { [request.inputKey]: parsed } };
}

export async function runCli(request: CliRequest): Promise<CliOutcome> {
  const parsed = parseInput(request);
  if (!parsed.ok) return parsed.outcome;
  const input = parsed.input;
  if (!(operationNames as readonly string[]).includes(request.operation)) {
    // Checked before the store is opened: a typo must not create or migrate a database.
    return failure({ code: 'UNKNOWN_OPERATION', message: `没有名为 ${request.operation} 的操作。运行 bin/onewindow --list 查看全部操作。` });
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

/**
 * `verify-notice`: the public verify/notice operation, with the answer on stdout either way and
 * exit 6 when the notice does not verify (altered, forged, or signed by a key this PC does not
 * know), so a script can branch on it.
 */
export async function verifyNotice(request: { link: string; publicKey: string | undefined; dataDir: string | undefined; startFresh: boolean }): Promise<CliOutcome> {
  const input = { link: request.link, ...(request.publicKey === undefined ? {} : { publicKey: request.publicKey }) };
  const outcome = await runCli({
    operation: 'verify/notice',
    inputText: JSON.stringify(input),
    inputSource: '核验码',
    inputKey: undefined,
    user: undefined,
    password: undefined,
    dataDir: request.dataDir,
    startFresh: request.startFresh,
  });
  if (outcome.exitCode !== exitCodes.ok || !outcome.stdout) return outcome;
  const verdict = JSON.parse(outcome.stdout) as { valid?: boolean };
  return verdict.valid === true ? outcome : { ...outcome, exitCode: exitCodes.notVerified };
}
