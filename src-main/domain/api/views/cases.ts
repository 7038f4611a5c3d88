import type { Role } from '../../auth/roles.ts';
import type { PrintDocument } from '../../prints/documents.ts';
import type { ActionType, CaseState, ReviewQueue, TimeLimitStatus } from '../../lifecycle/index.ts';

/** What cases/*, review/* and supervision/* return: list rows, a case in detail, its lifecycle, queues. */

export interface CaseRowView {
  id: string;
  /** True for the parent of a 一件事 bundle; its children carry the matters. */
  isBundle: boolean;
  caseNumber: string | null;
  status: string;
  matterCode: string;
  matterName: string;
  departmentCode: string;
  /** 实施部门 by name, as the catalogue names it (the code where the catalogue has none). */
  departmentName: string;
  applicantType: 'individual' | 'enterprise';
  applicantName: string;
  /** Masked unless the caller may see it in full. */
  applicantIdNumber: string | null;
  channel: string;
  windowNumber: string | null;
  clerkName: string;
  acceptedAt: string | null;
  dueDate: string | null;
  createdAt: string;
  isDemo: boolean;
  assigneeName: string | null;
  flagged: boolean;
  /** From the due date and the calendar: normal, yellow, red, overdue; paused or stopped otherwise. */
  timeLevel: 'normal' | 'yellow' | 'red' | 'overdue' | 'paused' | 'stopped' | null;
  daysLeft: number | null;
}

export interface CaseEventView {
  id: string;
  seq: number;
  type: string;
  at: string;
  actorName: string | null;
  actorRole: Role | null;
  deviceId: string;
  note: string | null;
  payload: unknown;
}

/** A case's personal data in full: only from cases/revealPersonalData, and each view is audited. */
export interface PersonalDataView {
  caseId: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  agentName: string | null;
  agentIdNumber: string | null;
  agentPhone: string | null;
}

export interface CaseDetailView extends CaseRowView {
  /** Masked unless the caller may see it in full. */
  applicantPhone: string | null;
  applicantCreditCode: string | null;
  applicantAddress: string | null;
  legalRepresentative: string | null;
  agentName: string | null;
  ticketNumber: string | null;
  refusalReason: string | null;
  parentCaseId: string | null;
  bundleCode: string | null;
  children: Array<{ id: string; caseNumber: string | null; matterName: string; departmentCode: string; departmentName: string; status: string }>;
  materials: CaseMaterialView[];
  attachments: AttachmentView[];
  prints: PrintRecordView[];
  events: CaseEventView[];
  /** Null for a 一件事 parent: its matters are handled as its children. */
  lifecycle: LifecycleView | null;
}

export interface LifecycleView {
  state: CaseState;
  queue: ReviewQueue | null;
  /** What this user may do now: the UI shows these buttons and nothing else. */
  allowedActions: ActionType[];
  timeLimit: TimeLimitStatus | null;
  assigneeName: string | null;
  /** Send back with an action so a stale screen cannot act on a case that moved on. */
  version: number;
}

export interface QueueCountsView {
  departmentCode: string | null;
  counts: Record<ReviewQueue, number>;
}

export interface FollowUpView {
  id: string;
  caseId: string;
  caseNumber: string | null;
  matterName: string;
  applicantName: string;
  ratingLevel: number;
  comment: string | null;
  createdAt: string;
  dueDate: string;
  state: 'open' | 'done';
  resolution: string | null;
}

export interface SupervisionView {
  today: string;
  overdue: number;
  red: number;
  flagged: number;
  openFollowUps: number;
  overdueByDepartment: Array<{ departmentCode: string; departmentName: string; overdue: number }>;
}

export interface Page<T> {
  rows: T[];
  /** Capped: when totalIsLowerBound, there are more than `total` matches ("10000+"). */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
}

export interface AttachmentView {
  id: string;
  materialKey: string;
  fileName: string;
  mimeType: 'image/png' | 'image/jpeg' | 'application/pdf';
  size: number;
  /**
   * The keyed name of the content (HMAC-SM3): equal scans share it, and it reveals nothing of the
   * scan. Null while a scan of a case taken on another PC is still at the gateway only: it is
   * fetched when first opened.
   */
  contentName: string | null;
  addedAt: string;
}

export interface CaseMaterialView {
  key: string;
  name: string;
  form: 'original' | 'copy' | 'electronic';
  copies: number;
  required: boolean;
  deferrable: boolean;
  status: 'received' | 'missing' | 'deferred';
  matterCodes: string[];
}

export interface PrintRecordView {
  document: PrintDocument;
  copyNumber: number;
  printedAt: string;
  userName: string;
}
