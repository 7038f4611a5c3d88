import type { Role } from '../../auth/roles.ts';

/** What session/*, system/*, audit/* and settings/* return: who is logged in, the PC and centre, the trail. */

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
