import { z } from 'zod';
import { everyone } from '../access.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SessionView, UserView } from '../views.ts';

export const sessionOperations = slice('session', {
  'session/login': operation({
    summary: '登录',
    input: z
      .object({
        username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
        password: z.string().min(1, '请输入密码').max(256, '密码过长'),
      })
      .strict(),
    access: 'public',
    writes: true,
    output: returns<SessionView>(),
  }),
  'session/logout': operation({
    summary: '退出登录',
    input: noInput,
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/me': operation({
    summary: '当前用户',
    input: noInput,
    access: everyone,
    writes: false,
    sessionUpkeep: true,
    output: returns<UserView>(),
  }),
  'session/lock': operation({
    summary: '锁定屏幕',
    input: noInput,
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/unlock': operation({
    summary: '输入密码解锁',
    input: z.object({ password: z.string().min(1, '请输入密码').max(256, '密码过长') }).strict(),
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/changePassword': operation({
    summary: '修改密码',
    input: z
      .object({
        currentPassword: z.string().min(1, '请输入当前密码').max(256),
        newPassword: z.string().min(1, '请输入新密码').max(256, '密码过长'),
      })
      .strict(),
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
});
