/**
 * The password rule assessors check under MLPS 2.0: at least 8 characters drawn from at least
 * 3 of the 4 classes (lowercase, uppercase, digits, symbols), and not the username.
 */
export const minPasswordLength = 8;
export const maxFailedLogins = 5;
export const lockoutMinutes = 15;

export type PasswordCheck = { ok: true } | { ok: false; message: string };

export function checkPasswordPolicy(password: string, username: string): PasswordCheck {
  if (password.length < minPasswordLength) {
    return { ok: false, message: `密码至少 ${minPasswordLength} 位，当前为 ${password.length} 位` };
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) {
    return { ok: false, message: '密码须包含小写字母、大写字母、数字、符号中的至少三类' };
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    return { ok: false, message: '密码不能包含用户名' };
  }
  return { ok: true };
}
