import type { OperationName, OperationOutput, ParsedInput } from '../../domain/api/contract.ts';
import { AppError } from '../../domain/errors.ts';
import type { Session } from '../../services/auth/sessions.ts';
import type { HandlerContext } from '../context.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

export type Handler<K extends OperationName> = (
  input: ParsedInput<K>,
  context: HandlerContext,
) => OperationOutput<K> | Promise<OperationOutput<K>>;

export type Handlers = { [K in OperationName]: Handler<K> };

/**
 * The handlers of one name prefix, in the file named after it (`session/…` in `session.ts`); the
 * index merges them and the type checker demands every operation of the table, and no other.
 */
export function defineHandlers<P extends string, K extends Extract<OperationName, `${P}/${string}`>>(
  _prefix: P,
  group: { [N in K]: Handler<N> },
): { [N in K]: Handler<N> } {
  return group;
}

/** For handlers of non-public operations, where the dispatcher has already checked the session. */
export function sessionOf(context: HandlerContext): Session {
  if (!context.session) throw new AppError('UNAUTHENTICATED', '尚未登录或登录已失效，请先登录。');
  return context.session;
}

/** Who is asking, as the services take it. */
export function viewerOf(context: HandlerContext): StaffActor {
  const session = sessionOf(context);
  return { userId: session.userId, role: session.role };
}
