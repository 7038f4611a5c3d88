import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/auth/roles.ts';

export interface Session {
  token: string;
  userId: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
  lastActiveAt: number;
  /** Set when the idle limit passed or the user locked the screen; only the password lifts it. */
  lockedAt: number | null;
  /** A first login or a reset password: nothing but changing it is allowed until it is changed. */
  mustChangePassword: boolean;
}

export type SessionLookup = Session | 'missing' | 'expired';

/**
 * Sessions live only in the service process's memory: a restart logs everyone out, and a token
 * is 256 random bits that the renderer cannot forge. The role is read from here, never from input.
 * Counter PCs are shared, so a session idle for longer than the configured minutes locks itself.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(options: { ttlMs?: number; clock?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
  }

  open(userId: string, role: Role, mustChangePassword = false): Session {
    const now = this.clock();
    const session: Session = {
      token: randomBytes(32).toString('base64url'),
      userId,
      role,
      createdAt: now,
      expiresAt: now + this.ttlMs,
      lastActiveAt: now,
      lockedAt: null,
      mustChangePassword,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for `token`, or why there is none. Locks it if it sat idle too long. */
  find(token: string | null | undefined, idleLimitMs: number): SessionLookup {
    if (!token) return 'missing';
    const session = this.sessions.get(token);
    if (!session) return 'missing';
    const now = this.clock();
    if (session.expiresAt <= now) {
      this.sessions.delete(token);
      return 'expired';
    }
    if (session.lockedAt === null && now - session.lastActiveAt > idleLimitMs) session.lockedAt = now;
    return session;
  }

  /** A user action: keeps an unlocked session from going idle. */
  touch(session: Session): void {
    if (session.lockedAt === null) session.lastActiveAt = this.clock();
  }

  lock(session: Session): void {
    session.lockedAt ??= this.clock();
  }

  unlock(session: Session): void {
    session.lockedAt = null;
    session.lastActiveAt = this.clock();
  }

  close(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session of a user: after a password reset or when the account is disabled. */
  closeAllOf(userId: string): void {
    for (const [token, session] of this.sessions) if (session.userId === userId) this.sessions.delete(token);
  }
}
