import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';

/** Marks the type an operation returns; it exists only for the type checker. */
export interface Returns<T> {
  readonly __returns?: T;
}
export function returns<T>(): Returns<T> {
  return {};
}

/**
 * One operation the renderer or the CLI may ask for: what it takes (checked at run time before
 * any handler runs), who may call it, and what it returns. Handlers are bound to these by name in
 * main, and the IPC, HTTP and CLI adapters are all derived from the same table.
 */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  summary: string;
  input: I;
  /** 'public' operations need no session (logging in, the centre's name on the login screen). */
  access: 'public' | readonly Role[];
  /** Writes are audited by the dispatcher when refused; reads are not. */
  writes: boolean;
  /**
   * Called by the UI on its own (status polling), not by a person: it neither keeps a session
   * from going idle nor is refused by a locked one.
   */
  background?: boolean;
  /**
   * Looking after the session itself (unlock, change password, log out): allowed while the
   * session is locked or still owes its first password change, when everything else is refused.
   */
  sessionUpkeep?: boolean;
  output: Returns<O>;
}

export function operation<I extends z.ZodType, O>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}

/**
 * The operations of one name prefix, declared in the file named after it: `session/…` in
 * `operations/session.ts`. A name from another prefix is a type error here, so an operation's
 * name always says which slice declares it and which handler file serves it.
 */
export function slice<P extends string, T extends Record<string, OperationSpec>>(
  prefix: P,
  operations: T & Record<Exclude<keyof T, `${P}/${string}`>, never>,
): T {
  for (const name of Object.keys(operations)) {
    if (!name.startsWith(`${prefix}/`)) throw new Error(`operation ${name} does not belong in the ${prefix} slice`);
  }
  return operations;
}
