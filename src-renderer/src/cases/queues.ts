import type { CaseStatus } from '@domain/cases/status.ts';

/** The window's own queues, by the status a case waits in there. */
export const windowQueues = [
  { key: 'send-on', status: 'accepted', label: '待流转' },
  { key: 'hand-over', status: 'decided', label: '待出件' },
] as const satisfies ReadonlyArray<{ key: string; status: CaseStatus; label: string }>;

export type WindowQueueStatus = (typeof windowQueues)[number]['status'];
