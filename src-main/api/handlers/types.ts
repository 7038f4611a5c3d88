import type { OperationName, OperationOutput, ParsedInput } from '../../domain/api/contract.ts';
import { AppError } from '../../domain/errors.ts';
import type { Session } from '../../services/auth/sessions.ts';
import type { HandlerContext } from '../context.ts';

export type Handler<K extends OperationName> = (
  input: ParsedInput<K>,
  context: HandlerContext,
) => OperationOutput<K> | Promise<OperationOutput<K>>;

export type Handlers = { [K in OperationName]: Handler<K> };

/** Groups a domain's handlers; the index merges the groups and the type checker demands all. */
export function defineHandlers<K extends OperationName>(group: { [P in K]: Handler<P> }): { [P in K]: Handler<P> } {
  return group;
}

/** For handlers of non-public operations, where the dispatcher has already checked the session. */
export function sessionOf(context: HandlerContext): Session {
  if (!context.session) throw new AppError('UNAUTHENTICATED', '尚未登录或登录已失效，请先登录。');
  return context.session;
}
