import { z } from 'zod';
import { deliveryMethods, specialKinds } from './events.ts';

/**
 * What a person asks the lifecycle to do, as the API takes it. The state machine decides whether
 * it may happen now; this only checks that the request is complete.
 */
const text = (label: string, max = 500) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`);
const items = z
  .array(z.object({ name: text('材料名称', 200), note: z.string().trim().max(200).optional() }).strict())
  .min(1, '请至少列出一项材料')
  .max(50);
const level = z.number().int().min(1, '评价等级为 1–5').max(5, '评价等级为 1–5');
const outcome = z.enum(['granted', 'denied'], { error: '请选择准予或不予许可' });

/** A 好差评 as the applicant gives it (also what the Electron evaluator window hands back). */
const ratingFields = {
  level,
  indicators: z.object({ efficiency: level, competence: level, attitude: level }).strict().optional(),
  comment: z.string().trim().max(500, '意见最多 500 字').optional(),
};
export const applicantRatingSchema = z.object(ratingFields).strict();
export type ApplicantRating = z.output<typeof applicantRatingSchema>;

export const lifecycleActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('case.transferred') }).strict(),
    z.object({ action: z.literal('notice.completed') }).strict(),
    z.object({ action: z.literal('immediate.decided'), outcome, reason: z.string().trim().max(500).optional() }).strict(),
    z.object({ action: z.literal('review.claimed') }).strict(),
    z.object({ action: z.literal('review.released') }).strict(),
    z.object({ action: z.literal('review.reassigned'), toUserId: z.string().min(1, '请选择改派对象').max(64) }).strict(),
    z.object({ action: z.literal('review.undertake'), opinion: text('承办意见') }).strict(),
    z.object({ action: z.literal('review.check'), opinion: text('审核意见') }).strict(),
    z.object({ action: z.literal('review.approve'), opinion: text('批准意见') }).strict(),
    z.object({ action: z.literal('review.supplementRequested'), items }).strict(),
    z.object({ action: z.literal('intake.supplementProvided'), items }).strict(),
    z.object({ action: z.literal('review.specialStarted'), kind: z.enum(specialKinds, { error: '请选择特别程序类型' }), reason: text('理由') }).strict(),
    z.object({ action: z.literal('review.specialEnded'), result: text('结果') }).strict(),
    z.object({ action: z.literal('review.decided'), outcome, reason: z.string().trim().max(500).optional() }).strict(),
    z
      .object({
        action: z.literal('handover.delivered'),
        method: z.enum(deliveryMethods, { error: '请选择出件方式' }),
        collectorName: z.string().trim().max(50).optional(),
        /** Checked and masked before it is written: the log keeps only 2102**********123X. */
        collectorIdNumber: z.string().trim().max(30).optional(),
        address: z.string().trim().max(200).optional(),
        trackingNumber: z.string().trim().max(40).optional(),
      })
      .strict(),
    z.object({ action: z.literal('case.closed') }).strict(),
    z
      .object({
        action: z.literal('rating.given'),
        ...ratingFields,
        /** Given on the evaluator by the applicant (the usual case), not by the clerk. */
        byApplicant: z.boolean().default(true),
      })
      .strict(),
    z.object({ action: z.literal('case.withdrawn'), reason: text('撤件原因') }).strict(),
    z.object({ action: z.literal('case.voided'), reason: text('作废原因') }).strict(),
    z.object({ action: z.literal('supervision.flagged'), note: text('督办意见') }).strict(),
    z.object({ action: z.literal('supervision.unflagged') }).strict(),
    z.object({ action: z.literal('note'), text: text('备注') }).strict(),
  ],
  { error: '不支持的办件操作' },
);
export type LifecycleAction = z.output<typeof lifecycleActionSchema>;
