import type { PrintDocument } from '../../prints/documents.ts';
import type { TimeLimitView } from './intake.ts';

/** What prints/data returns: the data a printed document is drawn from. */

export type { PrintDocument };

export interface PrintDataView {
  document: PrintDocument;
  title: string;
  centreName: string;
  regionCode: string;
  windowName: string | null;
  clerkName: string;
  caseNumber: string;
  queryPassword: string | null;
  /** What the QR code carries: the case number in a verifiable form. */
  qrPayload: string;
  applicant: { type: 'individual' | 'enterprise'; name: string; idLabel: string; idMasked: string; phoneMasked: string | null; address: string | null };
  agent: { name: string; idMasked: string } | null;
  matters: Array<{ code: string; name: string; departmentName: string; promisedLimit: TimeLimitView; statutoryLimit: TimeLimitView; feeYuan: number; caseNumber: string; dueDate: string | null }>;
  materials: Array<{ name: string; form: string; copies: number; status: 'received' | 'missing' | 'deferred'; required: boolean }>;
  decidedAt: string;
  decidedDate: string;
  dueDate: string | null;
  refusalReason: string | null;
  /** Printed before: this print is copy N (1 = original). */
  copyNumber: number;
  channelLabel: string;
}
