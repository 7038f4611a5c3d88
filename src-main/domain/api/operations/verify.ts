import { z } from 'zod';
import { publicKeyPattern, type NoticeVerdict } from '../../notices/verification.ts';
import { operation, returns, slice } from '../operation.ts';

export const verifyOperations = slice('verify', {
  'verify/notice': operation({
    summary: '核验通知书二维码（SM2 签名）',
    input: z
      .object({
        link: z.string().trim().min(1, '请扫描或粘贴通知书二维码的内容').max(2000, '核验码过长，不是一窗通文书的二维码'),
        /** A signing device's public key, when the verifier was given it (the platform publishes them). */
        publicKey: z
          .string()
          .trim()
          .toLowerCase()
          .regex(publicKeyPattern, '公钥应为 04 开头的 130 位十六进制数（SM2 未压缩公钥）')
          .optional(),
      })
      .strict(),
    // Anyone holding the paper may check it: the answer holds only what the link itself carries.
    access: 'public',
    writes: false,
    output: returns<NoticeVerdict>(),
  }),
});
