import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/auth/roles.ts';

export interface Session {
  token: string;
  userId: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
}

/**
 * Sessions live only in the service process's memory: a restart logs everyone out, and a token
 * is 256 random bits that the renderer cannot forge. The role is read from here, never from input.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(options: { ttlMs?: number; clock?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
  }

  open(userId: string, role: Role): Session {
    const now = this.clock();
    const session: Session = {
      token: randomBytes(32).toString('base64url'),
      userId,
      role,
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for `token`, or the reason there is none. */
  find(token: string | null | undefined): Session | 'missing' | 'expired' {
    if (!token) return 'missing';
    const session = this.sessions.get(token);
    if (!session) return 'missing';
    if (session.expiresAt <= this.clock()) {
      this.sessions.delete(token);
      return 'expired';
    }
    return session;
  }

  close(token: string): void {
    this.sessions.delete(token);
  }
}
