import type { ChecklistView } from '../../src-main/domain/api/views.ts';
import type { Services } from '../../src-main/host/boot.ts';

/** A matter code from the demo catalogue: 居民身份证换领 (公安). */
export const idCardMatter = 'GJZ-GA-0002';

export async function checklistFor(services: Services, token: string, target: { kind: 'matter'; matterCode: string } | { kind: 'bundle'; bundleCode: string }): Promise<ChecklistView> {
  const result = await services.dispatcher.call('catalogue/checklist', { target }, token);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ChecklistView;
}

/** A complete, valid individual intake for `target` with every material received. */
export function individualForm(checklist: ChecklistView, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target: checklist.target,
    applicant: { type: 'individual', name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904111234' },
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
    ...overrides,
  };
}
