import { z } from 'zod';
import { intakeRoles } from '../access.ts';
import { creditCode, idNumber } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { ApplicantProfileView } from '../views.ts';

export const applicantsOperations = slice('applicants', {
  'applicants/find': operation({
    summary: '按证件号或统一社会信用代码查找申请人（回头客预填）',
    input: z
      .object({ idNumber: idNumber.optional(), creditCode: creditCode.optional() })
      .strict()
      .refine((v) => Boolean(v.idNumber) !== Boolean(v.creditCode), { error: '请只提供证件号码或统一社会信用代码之一' }),
    access: intakeRoles,
    writes: false,
    output: returns<ApplicantProfileView | null>(),
  }),
});
