import type { UserView } from '../../domain/api/views.ts';
import type { Role } from '../../domain/auth/roles.ts';
import type { ReadTx } from '../../store/store.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_code: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  is_demo: number;
  failed_logins: number;
  locked_until: string | null;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    departmentCode: row.department_code,
    isDemo: row.is_demo === 1,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
  };
}

const columns =
  'id, username, display_name, role, department_code, password_hash, must_change_password, disabled, is_demo, failed_logins, locked_until';

export function findUserByName(tx: ReadTx, username: string): UserRow | undefined {
  return tx.get<UserRow>(`SELECT ${columns} FROM app_user WHERE username = ?`, username);
}

export function findUserById(tx: ReadTx, id: string): UserRow | undefined {
  return tx.get<UserRow>(`SELECT ${columns} FROM app_user WHERE id = ?`, id);
}

export function listUsers(tx: ReadTx): UserRow[] {
  return tx.all<UserRow>(`SELECT ${columns} FROM app_user ORDER BY role, username`);
}
