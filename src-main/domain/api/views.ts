import type { PrintDocument } from '../prints/documents.ts';
import type { Role } from '../auth/roles.ts';
import type { ActionType, CaseState, ReviewQueue, TimeLimitStatus } from '../lifecycle/index.ts';
import type { DailyLog } from '../stats/daily-log.ts';

/** Shapes the API returns. Plain data: they cross IPC, HTTP and the CLI unchanged. */

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string | null;
  isDemo: boolean;
  /** A disabled account cannot log in (系统设置 → 用户 enables it again). */
  disabled: boolean;
  /** Must change the password at the next login (new or reset). */
  mustChangePassword: boolean;
}

export interface SessionView {
  token: string;
  user: UserView;
  mustChangePassword: boolean;
  expiresAt: string;
  /** The idle minutes after which main locks the session; the window locks its screen then too. */
  idleMinutes: number;
}

export interface CentreView {
  id: string;
  name: string;
  regionCode: string;
  isDemo: boolean;
}

export interface WindowView {
  id: string;
  number: string;
  name: string;
  deviceCode: string;
}

export interface DemoAccountsView {
  accounts: { username: string; displayName: string; role: Role }[];
  password: string;
}

export interface SystemInfoView {
  appName: string;
  appVersion: string;
  centre: CentreView | null;
  window: WindowView | null;
  /** Only while the demo centre is in use: the login screen's hint. Null for a real centre. */
  demo: DemoAccountsView | null;
  /**
   * How the data key is kept. 'key-file' (no OS keystore: browser mode, CLI) is a fallback the
   * status bar warns about: whoever can read the data folder can read the key.
   */
  keyProtection: 'os-keystore' | 'key-file';
}

export type SyncState = 'not-configured' | 'idle' | 'syncing' | 'offline' | 'error';

export interface SystemStatusView extends SystemInfoView {
  schemaVersion: number;
  dataPath: string;
  deviceId: string;
  sync: { state: SyncState; pending: number; failed: number; lastSyncedAt: string | null };
}

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

export interface AuditVerifyView {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
  /** When the first broken row says it was written (as stored, so possibly forged too). */
  firstBrokenAt: string | null;
  reason: string | null;
}

export interface AuditRowView {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  displayName: string | null;
  role: string | null;
  deviceId: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail: Record<string, unknown>;
}

export interface SettingView {
  key: string;
  value: string;
}

// ---- Catalogue and intake (一窗受理) ----

export interface TimeLimitView {
  value: number;
  unit: 'working' | 'calendar';
}

export interface MatterSummaryView {
  code: string;
  name: string;
  version: number;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  kind: 'immediate' | 'promised';
  statutoryLimit: TimeLimitView;
  promisedLimit: TimeLimitView;
  feeYuan: number;
  crossRegion: boolean;
  reviewSteps: number;
}

export interface BundleSummaryView {
  code: string;
  name: string;
  description: string;
  matterCodes: string[];
}

export interface CatalogueView {
  version: string;
  departments: Array<{ code: string; name: string }>;
  matters: MatterSummaryView[];
  bundles: BundleSummaryView[];
}

/** One line of the checklist: a matter's material, or a bundle's de-duplicated one. */
export interface MaterialRowView {
  key: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy' | 'electronic';
  copies: number;
  deferrable: boolean;
  hint?: string;
  matterCodes: string[];
}

export interface ChecklistView {
  target: { kind: 'matter'; matterCode: string } | { kind: 'bundle'; bundleCode: string };
  title: string;
  matters: MatterSummaryView[];
  materials: MaterialRowView[];
}

export interface ImportSummaryView {
  catalogueVersion: string;
  added: string[];
  newVersions: string[];
  unchanged: number;
  retired: string[];
}

export interface ApplicantProfileView {
  type: 'individual' | 'enterprise';
  name: string;
  idType: string | null;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  phone: string | null;
  address: string | null;
  lastSeenAt: string;
  caseCount: number;
}

export interface DuplicateCaseView {
  id: string;
  caseNumber: string | null;
  matterCode: string;
  matterName: string;
  status: string;
  createdAt: string;
  clerkName: string;
  windowNumber: string | null;
}

export type WindowDecision = 'accepted' | 'notice' | 'refused';

export interface IntakeResultView {
  caseId: string;
  caseNumber: string;
  status: WindowDecision;
  dueDate: string | null;
  queryPassword: string;
  /** A bundle's per-matter cases, each bound for its own department. */
  children: Array<{ caseId: string; caseNumber: string; matterCode: string; matterName: string; departmentName: string; dueDate: string | null }>;
}

export interface DraftSummaryView {
  draftId: string;
  title: string;
  applicantName: string | null;
  updatedAt: string;
}

export interface DraftView {
  draftId: string;
  form: unknown;
  updatedAt: string;
  attachments: AttachmentView[];
}

export interface AttachmentView {
  id: string;
  materialKey: string;
  fileName: string;
  mimeType: 'image/png' | 'image/jpeg' | 'application/pdf';
  size: number;
  /** The keyed name of the content (HMAC-SM3): equal scans share it, and it reveals nothing of the scan. */
  contentName: string;
  addedAt: string;
}

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

// ---- Daily log (日志/台账) and exports ----

/** The daily log of a range: figures by window, clerk, matter and department, trend, ratings. */
export type DailyLogView = DailyLog;

export interface ExportFileView {
  fileName: string;
  mimeType: string;
  dataBase64: string;
  rows: number;
  masked: boolean;
}

export interface ExportRunView {
  id: string;
  logDate: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'failed';
  attempt: number;
  folder: string;
  files: string[];
  error: string | null;
  nextAttemptAt: string | null;
}

export interface ExportScheduleView {
  enabled: boolean;
  /** 'HH:MM', China time. */
  time: string;
  folder: string;
  lastSuccessDate: string | null;
  runs: ExportRunView[];
  /** The latest run failed: shown to the supervisor until a retry succeeds. */
  failing: { logDate: string; message: string; nextAttemptAt: string | null } | null;
}
