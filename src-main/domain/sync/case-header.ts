/**
 * What the gateway keeps of a case besides its events: the facts fixed at intake, which the
 * lifecycle events do not repeat (the matter, the applicant, the checklist). A device sends the
 * header with the event that opens the case (受理, 一次性告知, 不予受理), and may send it again with
 * any later event (the gateway keeps the first one and adds attachments named later).
 *
 * `personal` holds the applicant's and agent's personal data in the clear on the wire (the link
 * is HTTPS); the gateway seals it at rest with SM4 under its own key and keeps blind-index tokens
 * of the ID numbers and phones, as the app does (docs/personal-data.md).
 */
import { z } from 'zod';
import { channels } from '../cases/status.ts';
import { parseCaseNumber } from '../cases/case-number.ts';
import { LIMIT_UNITS, MATTER_KINDS } from '../catalogue/schema.ts';
import { instant, regionCode, sha256Hex, uuid } from './common.ts';

/**
 * The last number that passed: a push batch or a pulled page names each case's number once per
 * event and again in its header, one after another, and the check (its date, its check
 * character) is a pure function of the text.
 */
let lastValidCaseNumber: string | null = null;

export const caseNumberSchema = z.string().superRefine((value, ctx) => {
  if (value === lastValidCaseNumber) return;
  const parsed = parseCaseNumber(value);
  if (parsed.ok) lastValidCaseNumber = value;
  else ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** 区划 of the centre that took the case: positions 1–6 of its number. Every row of the case is keyed by it. */
export function homeRegionOf(caseNumber: string): string {
  return caseNumber.replace(/\s+/g, '').slice(0, 6);
}

const limit = z.object({ value: z.number().int().min(0), unit: z.enum(LIMIT_UNITS) });
const optionalText = (max: number) => z.string().max(max).nullable();

export const attachmentRefSchema = z
  .object({
    sha256: sha256Hex.describe('文件内容的 SHA-256：附件按内容寻址，相同内容只存一份'),
    size: z.number().int().min(1).max(10 * 1024 * 1024).describe('字节数（最大 10 MB）'),
    mimeType: z.enum(['image/png', 'image/jpeg', 'application/pdf']),
    fileName: z.string().min(1).max(200),
    materialKey: z.string().min(1).max(200).describe('属于清单中哪项材料'),
  })
  .meta({ id: 'AttachmentRef' });
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const caseMaterialSchema = z
  .object({
    line: z.number().int().min(1),
    key: z.string().min(1).max(200),
    name: z.string().min(1).max(200),
    form: z.enum(['original', 'copy', 'electronic']),
    copies: z.number().int().min(0),
    required: z.boolean(),
    canDefer: z.boolean(),
    status: z.enum(['received', 'missing', 'deferred']),
    matterCodes: z.array(z.string().min(1).max(50)).describe('一件事中需要该材料的事项'),
  })
  .meta({ id: 'CaseMaterial' });

export const casePersonalSchema = z
  .object({
    name: z.string().min(1).max(200).describe('申请人姓名或单位名称'),
    idNumber: optionalText(50).describe('个人证件号码'),
    phone: optionalText(30),
    address: optionalText(200),
    legalRepresentative: optionalText(100),
    contactName: optionalText(100),
    agentName: optionalText(100).describe('代办人'),
    agentIdNumber: optionalText(50),
    agentPhone: optionalText(30),
    queryPassword: optionalText(20).describe('申请人查询办理进度用的查询密码'),
  })
  .meta({ id: 'CasePersonal' });
export type CasePersonal = z.infer<typeof casePersonalSchema>;

export const caseHeaderSchema = z
  .looseObject({
    caseId: uuid.describe('办件在受理设备上的标识（全省唯一的 UUID）'),
    caseNumber: caseNumberSchema.describe('办件编号（23 位，前 6 位为受理中心区划）'),
    parentCaseId: uuid.nullable().describe('一件事的子件：所属主件'),
    bundleCode: z.string().max(50).nullable().describe('一件事编码'),
    isBundle: z.boolean().describe('一件事主件（只作容器，由各子件审查）'),
    matter: z
      .object({
        code: z.string().min(1).max(50).describe('实施编码'),
        name: z.string().min(1).max(200),
        version: z.number().int().min(1),
        departmentCode: z.string().min(1).max(50).describe('承办部门：其后台在有权中心的部门下看到本件'),
        regionCode: regionCode.describe('有权机关区划：与受理中心不同即为跨区通办，本件同时送达该区划的中心'),
        kind: z.enum(MATTER_KINDS).nullable().describe('immediate 即办件 / promised 承诺件；一件事主件为 null'),
      })
      .describe('事项（受理时的版本）'),
    channel: z.enum(channels).describe('受理渠道'),
    windowNumber: z.string().max(20).nullable().describe('受理窗口号'),
    clerkId: z.string().min(1).max(100).describe('受理人员的用户标识'),
    clerkName: z.string().max(100).nullable().describe('受理人员姓名'),
    applicantType: z.enum(['individual', 'enterprise']),
    applicantIdType: z.string().max(50).nullable().describe('个人证件类型（resident_id 等）'),
    applicantCreditCode: z.string().max(18).nullable().describe('统一社会信用代码（单位）'),
    personal: casePersonalSchema.describe('个人信息：传输走 HTTPS，网关以 SM4 加密存放'),
    limits: z.object({ promised: limit.nullable(), statutory: limit.nullable() }).describe('承诺时限与法定时限'),
    ticket: z
      .object({ number: z.string().max(20).nullable(), takenAt: instant.nullable(), calledAt: instant.nullable() })
      .nullable()
      .describe('取号/叫号（统计等候时间）'),
    materials: z.array(caseMaterialSchema).max(500).describe('受理时核对的材料清单'),
    attachments: z.array(attachmentRefSchema).max(500).describe('扫描件：先按内容上传（/v1/attachments），再在此引用'),
    createdAt: instant.describe('受理设备上的时刻（仅记录，不用于排序）'),
  })
  .meta({ id: 'CaseHeader' });
export type CaseHeader = z.infer<typeof caseHeaderSchema>;
