import { z } from 'zod';
import { channels } from '../cases/status.ts';
import { checkCreditCode } from '../identity/credit-code.ts';
import { checkPhone } from '../identity/phone.ts';
import { checkResidentId } from '../identity/resident-id.ts';

/**
 * The intake form (收件登记) as the window submits it. Every field rule lives here, so the form
 * shows the same Chinese message at the same field as the API returns when it refuses.
 */

export const idTypes = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_id'] as const;
export type IdType = (typeof idTypes)[number];
export const idTypeLabels: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_id: '外国人永久居留身份证',
};

/** Names and addresses are kept exactly as typed (quotes, HTML, emoji, rare CJK): only trimmed. */
const name = (label: string) => z.string().trim().min(1, `请填写${label}`).max(100, `${label}最多 100 个字`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}最多 ${max} 个字`).optional();

const phone = z.string().transform((value, ctx) => {
  const result = checkPhone(value);
  if (result.ok) return result.normalized;
  ctx.addIssue({ code: 'custom', message: result.message });
  return z.NEVER;
});

const identity = {
  idType: z.enum(idTypes, { error: '请选择证件类型' }),
  // Copy-paste brings spaces and typing brings a lowercase x: normalise before checking.
  idNumber: z
    .string()
    .trim()
    .min(1, '请填写证件号码')
    .max(30, '证件号码过长')
    .transform((value) => value.replace(/\s+/g, '').toUpperCase()),
};

/** GB 11643 applies to the resident ID card only; other documents are checked for shape. */
function checkIdentity(value: { idType: IdType; idNumber: string }, ctx: z.RefinementCtx, today: () => string): void {
  if (value.idType !== 'resident_id') return;
  const result = checkResidentId(value.idNumber, today());
  if (!result.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: result.message });
}

export function applicantSchema(today: () => string) {
  const individual = z
    .object({ type: z.literal('individual'), name: name('申请人姓名'), ...identity, phone, address: optionalText('地址', 200) })
    .strict()
    .superRefine((value, ctx) => checkIdentity(value, ctx, today));
  const enterprise = z
    .object({
      type: z.literal('enterprise'),
      name: z.string().trim().min(1, '请填写企业名称').max(200, '企业名称最多 200 个字'),
      creditCode: z.string().transform((value, ctx) => {
        const result = checkCreditCode(value);
        if (result.ok) return result.normalized;
        ctx.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }),
      legalRepresentative: name('法定代表人姓名'),
      contactName: optionalText('联系人', 100),
      phone,
      address: optionalText('地址', 200),
    })
    .strict();
  return z.discriminatedUnion('type', [individual, enterprise], { error: '请选择申请人类型（个人或企业）' });
}

export function agentSchema(today: () => string) {
  return z
    .object({ name: name('代办人姓名'), ...identity, phone })
    .strict()
    .superRefine((value, ctx) => checkIdentity(value, ctx, today));
}

export const materialStatuses = ['received', 'missing', 'deferred'] as const;
export type MaterialStatus = (typeof materialStatuses)[number];
export const materialStatusLabels: Record<MaterialStatus, string> = { received: '已收取', missing: '缺失', deferred: '容缺后补' };

export const targetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('matter'), matterCode: z.string().trim().min(1, '请选择事项') }).strict(),
    z.object({ kind: z.literal('bundle'), bundleCode: z.string().trim().min(1, '请选择“一件事”') }).strict(),
  ],
  { error: '请选择要办理的事项或“一件事”' },
);
export type IntakeTarget = z.infer<typeof targetSchema>;

const materialLine = z
  .object({
    key: z.string().min(1).max(120),
    status: z.enum(materialStatuses, { error: '请为每项材料选择：已收取、缺失或容缺后补' }),
    copies: z.number().int().min(0, '份数不能为负').max(99, '份数过多').optional(),
  })
  .strict();

const isoInstant = z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601' });

/** The full form: what accept, notice and refuse all take. */
export function intakeFormSchema(today: () => string) {
  return z
    .object({
      draftId: z.string().min(1).max(64).optional(),
      target: targetSchema,
      applicant: applicantSchema(today),
      agent: agentSchema(today).optional(),
      channel: z.enum(channels, { error: '请选择受理渠道' }),
      ticketNumber: z.string().trim().max(20, '排队号最多 20 个字符').optional(),
      ticketTakenAt: isoInstant.optional(),
      ticketCalledAt: isoInstant.optional(),
      materials: z.array(materialLine).max(200),
      note: optionalText('备注', 500),
      /** Earlier cases of the same applicant and matter the clerk has seen and chosen to go past. */
      acknowledgedDuplicates: z.array(z.string().max(64)).max(50).default([]),
    })
    .strict();
}
export type IntakeForm = z.infer<ReturnType<typeof intakeFormSchema>>;

export const refusalSchema = z
  .string()
  .trim()
  .min(5, '请写明不予受理的理由（至少 5 个字），它将印在不予受理通知书上')
  .max(500, '理由最多 500 字');

/**
 * Queue times (叫号): the ticket is taken before it is called, and neither lies in the future.
 * Called time defaults to when the clerk opened the form for this applicant; the taken time comes
 * from the queue system or the clerk. Both are optional: a walk-up without a ticket has neither.
 */
export function queueTimesProblem(takenAt: string | undefined, calledAt: string | undefined, now: Date): { field: string; message: string } | null {
  const taken = takenAt ? Date.parse(takenAt) : null;
  const called = calledAt ? Date.parse(calledAt) : null;
  // A minute of slack: the counter PC's clock and the queue system's are rarely in step.
  const latest = now.getTime() + 60_000;
  if (taken !== null && taken > latest) return { field: 'ticketTakenAt', message: '取号时间晚于当前时间，请核对（格式如 09:05）' };
  if (called !== null && called > latest) return { field: 'ticketCalledAt', message: '叫号时间晚于当前时间，请核对本机时钟' };
  if (taken !== null && called !== null && taken > called) return { field: 'ticketTakenAt', message: '取号时间不能晚于叫号时间，请核对取号单上的时间' };
  return null;
}
