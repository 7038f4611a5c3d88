import type { UserView } from '../../domain/api/views.ts';
import { checkPasswordPolicy } from '../../domain/auth/password-policy.ts';
import { AppError } from '../../domain/errors.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { WriteTx } from '../../store/store.ts';
import { hashPassword } from '../auth/password.ts';
import { findUserById, toUserView } from '../users/users.ts';

/**
 * The first account of a hall configured by its site file: the store has a centre but nobody can
 * log in yet. Allowed only while there is no account at all (checked in the same transaction as
 * the insert, so two first-run screens cannot both create one); from then on only an admin adds users.
 */
export function createFirstAdmin(tx: WriteTx, input: { username: string; displayName: string; password: string }): UserView {
  const users = tx.get<{ n: number }>('SELECT count(*) AS n FROM app_user')?.n ?? 0;
  if (users > 0) throw new AppError('FORBIDDEN', '本机已有账号，不能再用首次设置创建管理员。请用管理员账号登录后在“用户管理”中添加。');
  const centre = tx.get<{ id: string }>('SELECT id FROM centre ORDER BY is_demo, rowid LIMIT 1');
  if (!centre) throw new AppError('CONFLICT', '尚未配置服务中心：请先放置站点文件（site.json）后重新启动。');
  const policy = checkPasswordPolicy(input.password, input.username);
  if (!policy.ok) throw new AppError('VALIDATION', policy.message, { field: 'password' });
  const id = timeOrderedId();
  tx.run(
    `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, must_change_password, created_at)
     VALUES (?, ?, ?, 'admin', NULL, ?, ?, 0, ?)`,
    id, input.username, input.displayName, centre.id, hashPassword(input.password), tx.now,
  );
  tx.audit({ action: 'user.createFirstAdmin', target: input.username });
  const user = findUserById(tx, id);
  if (!user) throw new AppError('INTERNAL', '账号创建后无法读取。');
  return toUserView(user);
}
