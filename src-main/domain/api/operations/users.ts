import { z } from 'zod';
import { roles } from '../../auth/roles.ts';
import { departmentCode, id, noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { UserView } from '../views.ts';

export const usersOperations = slice('users', {
  'users/create': operation({
    summary: '新建账号',
    input: z
      .object({
        username: z.string().trim().regex(/^[A-Za-z0-9._-]{2,32}$/, '用户名为 2–32 位字母、数字、点、下划线或连字符'),
        displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 字'),
        role: z.enum(roles, { error: '请选择角色' }),
        departmentCode: departmentCode.optional(),
        temporaryPassword: z.string().min(1, '请设置初始密码').max(256),
      })
      .strict()
      .refine((v) => v.role !== 'reviewer' || Boolean(v.departmentCode), { error: '后台审批人员须选择所属部门', path: ['departmentCode'] }),
    access: ['admin'],
    writes: true,
    output: returns<UserView>(),
  }),
  'users/resetPassword': operation({
    summary: '重置密码（下次登录须修改）',
    input: z.object({ userId: id, temporaryPassword: z.string().min(1, '请设置临时密码').max(256) }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'users/setDisabled': operation({
    summary: '停用或启用账号',
    input: z.object({ userId: id, disabled: z.boolean() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'users/list': operation({
    summary: '用户列表',
    input: noInput,
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<UserView[]>(),
  }),
});
