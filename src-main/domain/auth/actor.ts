import type { Role } from './roles.ts';

/**
 * Who acts: the one way of naming a person behind an event, a write or an API call. A member of
 * staff is their user id and role; the applicant rating on the 评价器 (online) is both null.
 * What a step needs to know beyond that (the clerk's 即办 right, the reviewer's department) is
 * added to this shape, never put in a second one.
 */
export interface Actor {
  userId: string | null;
  role: Role | null;
}

/** A logged-in member of staff: who makes every API call that has a session. */
export interface StaffActor extends Actor {
  userId: string;
  role: Role;
}

/** An actor as the case lifecycle judges them: the role, plus the clerk's 即办 right (granted per user by the centre). */
export interface LifecycleActor extends Actor {
  mayDecideImmediately: boolean;
}
