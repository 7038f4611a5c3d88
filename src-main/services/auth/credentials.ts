/**
 * Every password check (login, unlock, the current password when changing it) goes through
 * `checkCredentials`, so each counts towards the same lockout and none tells more than another:
 *
 * - An unknown user name and a known one with a wrong password answer the same words and take
 *   the same time: the unknown name is checked against a dummy hash, and its failures are counted
 *   (in memory) and locked out exactly like an account's.
 * - A disabled account says so only to someone who typed its right password.
 * - The audit row of a failure names a known account; an unknown name is recorded only as a
 *   keyed tag (equal names give equal tags), because people type passwords into the user-name
 *   field and the trail must not keep them.
 */
import { lockoutMinutes, maxFailedLogins } from '../../domain/auth/password-policy.ts';
import { AppError } from '../../domain/errors.ts';
import type { Store } from '../../store/store.ts';
import type { UserRow } from '../users/users.ts';
import { hashPassword, verifyPassword } from './password.ts';

export type CredentialAction = 'session.login' | 'session.unlock' | 'password.change';

export const wrongCredentialsMessage = '用户名或密码错误，请重新输入。';

/** Made once, lazily, with the same parameters as real hashes so a verify against it costs the same. */
let dummyHash: string | null = null;
function dummy(): string {
  dummyHash ??= hashPassword('OneWindow dummy password, never an account');
  return dummyHash;
}

function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);
}

/** Failures of names that are no account, kept like an account's counter (lost on restart). */
export class UnknownNameFailures {
  private readonly byTag = new Map<string, { failures: number; lockedUntil: string | null }>();
  private static readonly limit = 10_000;

  get(tag: string): { failures: number; lockedUntil: string | null } {
    return this.byTag.get(tag) ?? { failures: 0, lockedUntil: null };
  }

  set(tag: string, entry: { failures: number; lockedUntil: string | null }): void {
    this.byTag.delete(tag);
    this.byTag.set(tag, entry);
    // A flood of made-up names cannot grow this without bound: the oldest go first.
    if (this.byTag.size > UnknownNameFailures.limit) {
      const oldest = this.byTag.keys().next().value;
      if (oldest !== undefined) this.byTag.delete(oldest);
    }
  }
}

/** What a check needs of the running services. */
export interface CredentialEnv {
  store: Store;
  deviceId: string;
  clock: () => Date;
}

/** One counter per open store: the service thread's, or a test's. */
const unknownFailures = new WeakMap<Store, UnknownNameFailures>();
function failuresOf(env: CredentialEnv): UnknownNameFailures {
  let found = unknownFailures.get(env.store);
  if (!found) {
    found = new UnknownNameFailures();
    unknownFailures.set(env.store, found);
  }
  return found;
}

/**
 * Checks `password` for `user` (undefined: the typed name is no account) and keeps the failure
 * count, the audit row committed before the error is thrown. Throws UNAUTHENTICATED (wrong) or
 * FORBIDDEN (locked out, disabled); the caller decides what a FORBIDDEN does to a session.
 * `wrongField` names the field a wrong password is reported at.
 */
export function checkCredentials(
  env: CredentialEnv,
  user: UserRow | undefined,
  typedName: string,
  password: string,
  action: CredentialAction,
  wrongField = 'password',
): void {
  const now = env.clock();
  const wrong = new AppError('UNAUTHENTICATED', action === 'password.change' ? '当前密码不正确。' : wrongCredentialsMessage, { field: wrongField });
  const outcome = env.store.write({ actor: { userId: user?.id ?? null, role: user?.role ?? null }, deviceId: env.deviceId, now }, (tx) => {
    const target = user ? user.username : null;
    const nameTag = user ? undefined : tx.cipher.auditTag(`user name/${typedName}`);
    const deny = (reason: string, error: AppError) => {
      tx.audit({ action, target, outcome: 'denied', detail: { reason, ...(nameTag ? { unknownNameTag: nameTag } : {}) } });
      return error;
    };
    const counter = user
      ? { failures: user.failed_logins, lockedUntil: user.locked_until }
      : failuresOf(env).get(nameTag ?? '');
    const save = (failures: number, lockedUntil: string | null) => {
      if (user) tx.run('UPDATE app_user SET failed_logins = ?, locked_until = ? WHERE id = ?', failures, lockedUntil, user.id);
      else failuresOf(env).set(nameTag ?? '', { failures, lockedUntil });
    };
    if (counter.lockedUntil && counter.lockedUntil > tx.now) {
      return deny('locked', new AppError('FORBIDDEN', `连续多次密码错误，账号已锁定至 ${chinaTime(counter.lockedUntil)}（北京时间）。请稍后再试或联系管理员。`, { field: 'username' }));
    }
    // The same scrypt work whether or not the name is an account.
    const matches = verifyPassword(password, user?.password_hash ?? dummy()) && user !== undefined;
    if (!matches) {
      const failures = counter.failures + 1;
      if (failures >= maxFailedLogins) {
        const until = new Date(now.getTime() + lockoutMinutes * 60_000).toISOString();
        save(0, until);
        return deny(user ? 'password-lockout' : 'unknown-user-lockout', new AppError('FORBIDDEN', `连续 ${maxFailedLogins} 次密码错误，账号已锁定 ${lockoutMinutes} 分钟（至 ${chinaTime(until)}）。`, { field: wrongField }));
      }
      save(failures, null);
      return deny(user ? 'password' : 'unknown-user', wrong);
    }
    if (user.disabled === 1) return deny('disabled', new AppError('FORBIDDEN', '该账号已停用，请联系管理员。', { field: 'username' }));
    save(0, null);
    if (action !== 'password.change') tx.audit({ action, target });
    return null;
  });
  if (outcome) throw outcome;
}
