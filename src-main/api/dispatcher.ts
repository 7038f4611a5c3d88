import type { z } from 'zod';
import { isOperationName, mayCall, operations, type OperationName } from '../domain/api/contract.ts';
import { roleLabels } from '../domain/auth/roles.ts';
import { AppError, type ErrorPayload } from '../domain/errors.ts';
import type { CallResult } from '../domain/api/call-result.ts';
import type { ServiceEnv } from '../services/env.ts';
import type { HandlerContext } from './context.ts';
import { guardedInput } from '../domain/api/input-guard.ts';
import { handlers } from './handlers/index.ts';
import type { Session } from '../services/auth/sessions.ts';
import { ScopeRefusal } from '../services/access/case-scope.ts';
import { SessionlessRefusals } from '../services/auth/refusal-fold.ts';
import { idleMinutes } from '../services/settings/settings.ts';



/**
 * What a locked session may still do: unlock it, end it, lock it again, and the status bar's
 * polling (no personal data). Everything else, changing the password included, answers LOCKED.
 */
const allowedWhileLocked: ReadonlySet<OperationName> = new Set(['session/unlock', 'session/logout', 'session/lock', 'system/status']);

/**
 * The single entry every adapter (Electron IPC, browser-mode HTTP, CLI) goes through:
 * name → schema → session → role → handler. Nothing reaches a handler unchecked, and a refusal
 * of a write is audited.
 */
export class Dispatcher {
  private readonly env: ServiceEnv;
  private readonly sessionless: SessionlessRefusals;

  constructor(env: ServiceEnv) {
    this.env = env;
    this.sessionless = new SessionlessRefusals({ clock: () => env.clock().getTime() });
    assertHandlersMatchTable();
  }

  /** Writes the refusals still being folded (see refusal-fold.ts); call before the store closes. */
  close(): void {
    this.sessionless.drain((counts) => this.auditFolded(counts));
  }

  async call(name: string, rawInput: unknown, token: string | null): Promise<CallResult> {
    try {
      return { ok: true, value: await this.invoke(name, rawInput, token) };
    } catch (error) {
      return { ok: false, error: toPayload(error) };
    }
  }

  private async invoke(name: string, rawInput: unknown, token: string | null): Promise<unknown> {
    if (!isOperationName(name)) {
      throw new AppError('UNKNOWN_OPERATION', `没有名为“${name}”的操作。可用的操作见 onewindow --list。`, {
        details: { name },
      });
    }
    const input = this.parseOrRefuse(name, rawInput ?? {}, token);
    const session = this.authorize(name, token, input);
    const context: HandlerContext = {
      env: this.env,
      session,
      writeContext: () => ({
        actor: { userId: session?.userId ?? null, role: session?.role ?? null },
        deviceId: this.env.deviceId,
        now: this.env.clock(),
      }),
    };
    const handler = handlers[name] as (input: unknown, context: HandlerContext) => unknown;
    try {
      return await handler(input, context);
    } catch (error) {
      // A look at a case outside the session's department scope is a refusal like a role's:
      // on record, naming the case, even though the handler's own transaction rolled back.
      if (error instanceof ScopeRefusal) this.auditRefusal(name, session, 'scope', { caseId: error.caseId });
      throw error;
    }
  }

  private authorize(name: OperationName, token: string | null, input: unknown): Session | null {
    const spec = operations[name];
    const found = this.env.sessions.find(token, this.idleLimitMs());
    const session = typeof found === 'string' ? null : found;
    if (spec.access === 'public') return session;
    if (!session) {
      // A token that no longer opens anything (expired, or from before a restart) is on record;
      // a call with no token at all is just someone not logged in yet.
      if (token) this.auditSessionless(name, found === 'expired' ? 'session-expired' : 'no-session');
      throw new AppError(
        'UNAUTHENTICATED',
        found === 'expired' ? '登录已过期，请重新登录。' : '尚未登录或登录已失效，请先登录。',
      );
    }
    // Before the role check: a locked session answers nothing but LOCKED, whatever it asks.
    if (session.lockedAt !== null && !allowedWhileLocked.has(name)) {
      throw new AppError('LOCKED', '已锁定：长时间未操作或已手动锁定。请输入密码解锁，未保存的内容仍在。');
    }
    if (!mayCall(session.role, name)) {
      // The case asked about is part of the record: a refused look at someone's data names whose.
      const caseId = (input as { caseId?: unknown }).caseId;
      this.auditRefusal(name, session, 'role', typeof caseId === 'string' ? { caseId } : {});
      throw new AppError('FORBIDDEN', `${roleLabels[session.role]}无权执行“${spec.summary}”。如需此操作，请联系窗口负责人或管理员。`, {
        details: { operation: name, role: session.role },
      });
    }
    if (session.mustChangePassword && !spec.sessionUpkeep) {
      throw new AppError('FORBIDDEN', '首次登录或密码被重置后，须先修改密码才能继续。');
    }
    if (!spec.background) this.env.sessions.touch(session);
    return session;
  }

  /** Settings are text and may be edited by an admin at any time, so they are read per call. */
  private idleLimitMs(): number {
    return this.env.store.read((tx) => idleMinutes(tx)) * 60_000;
  }

  /** A refusal with no session behind it: folded, so calls that cost nothing cannot flood the trail. */
  private auditSessionless(name: OperationName, reason: string, detail: Record<string, unknown> = {}): void {
    if (this.sessionless.admit(reason, (counts) => this.auditFolded(counts))) this.auditRefusal(name, null, reason, detail);
  }

  private auditFolded(counts: ReadonlyMap<string, number>): void {
    if (!this.env.store.db.open) return;
    this.env.store.write({ actor: { userId: null, role: null }, deviceId: this.env.deviceId, now: this.env.clock() }, (tx) => {
      for (const [reason, folded] of counts) tx.audit({ action: 'api.refused', outcome: 'denied', detail: { reason, folded } });
    });
  }

  private auditRefusal(name: OperationName, session: Session | null, reason: string, detail: Record<string, unknown> = {}): void {
    this.env.store.write(
      { actor: { userId: session?.userId ?? null, role: session?.role ?? null }, deviceId: this.env.deviceId, now: this.env.clock() },
      (tx) => tx.audit({ action: 'api.refused', target: name, outcome: 'denied', detail: { reason, ...detail } }),
    );
  }

  /**
   * Invalid input is refused before anything else. Fields the operation does not take (a role,
   * a user id) are never a typo of the renderer, which is typed by the table: such a call is
   * audited as a forgery, under whoever's session sent it.
   */
  private parseOrRefuse(name: OperationName, raw: unknown, token: string | null): unknown {
    try {
      // Control characters and absurd nesting, for every operation alike (domain/api/input-guard.ts).
      parseInput(guardedInput, raw);
      return parseInput(operations[name].input, raw);
    } catch (error) {
      const unexpected = error instanceof AppError ? unexpectedFields(error) : [];
      if (unexpected.length > 0) {
        const found = this.env.sessions.find(token, this.idleLimitMs());
        if (typeof found === 'string') this.auditSessionless(name, 'unexpected-fields', { fields: unexpected });
        else this.auditRefusal(name, found, 'unexpected-fields', { fields: unexpected });
      }
      throw error;
    }
  }
}

interface InputIssue {
  field: string;
  message: string;
  /** Names of fields the schema does not know (zod's unrecognized_keys). */
  unexpected?: string[];
}

function unexpectedFields(error: AppError): string[] {
  const issues = Array.isArray(error.details) ? (error.details as InputIssue[]) : [];
  return issues.flatMap((issue) => issue.unexpected ?? []);
}

function parseInput(schema: z.ZodType, raw: unknown): unknown {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue): InputIssue => ({
    field: issue.path.map(String).join('.'),
    // zod's own wording ("出现未知的键") means nothing at a counter; say what was refused and why.
    message:
      issue.code === 'unrecognized_keys'
        ? `不接受的字段：${issue.keys.join('、')}。角色和用户只取自登录，不能由请求指定；请从界面重新操作`
        : issue.message,
    ...(issue.code === 'unrecognized_keys' ? { unexpected: issue.keys.map((key) => [...issue.path.map(String), key].join('.')) } : {}),
  }));
  const first = issues[0] ?? { field: '', message: '输入无效' };
  // The field goes in `field` (the screen shows the message there); the text never names the
  // code's field ("value"), which means nothing to the person reading it.
  throw new AppError('VALIDATION', `输入有误：${first.message}`, {
    field: first.field || undefined,
    details: issues,
  });
}

export function toPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  // SQLite opened the file read-only, or it became so: say which and what to do, not SQLite's words.
  if (typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_READONLY')) {
    return { code: 'STORE_NOT_WRITABLE', message: '数据库文件当前只读，无法保存。请检查数据目录中 onewindow.db 的权限（取消“只读”）后重新启动一窗通；本次操作未保存。' };
  }
  // An unexpected failure is reported, not hidden; the message says what to do next.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `系统内部错误：${message}。操作未完成，请重试；如反复出现请联系管理员。` };
}

function assertHandlersMatchTable(): void {
  const declared = new Set(Object.keys(operations));
  const bound = new Set(Object.keys(handlers));
  const missing = [...declared].filter((name) => !bound.has(name));
  const extra = [...bound].filter((name) => !declared.has(name));
  if (missing.length || extra.length) {
    throw new Error(`API table and handlers differ: missing ${missing.join(', ')}; extra ${extra.join(', ')}`);
  }
}
