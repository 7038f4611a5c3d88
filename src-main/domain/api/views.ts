import type { Role } from '../auth/roles.ts';

/** Shapes the API returns. Plain data: they cross IPC, HTTP and the CLI unchanged. */

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentCode: string | null;
  isDemo: boolean;
}

export interface SessionView {
  token: string;
  user: UserView;
  mustChangePassword: boolean;
  expiresAt: string;
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

export interface SystemInfoView {
  appName: string;
  appVersion: string;
  centre: CentreView | null;
  window: WindowView | null;
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
  caseNumber: string | null;
  status: string;
  matterCode: string;
  matterName: string;
  departmentCode: string;
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

export interface CaseDetailView extends CaseRowView {
  applicantPhone: string | null;
  applicantCreditCode: string | null;
  ticketNumber: string | null;
  events: CaseEventView[];
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditVerifyView {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export interface SettingView {
  key: string;
  value: string;
}
