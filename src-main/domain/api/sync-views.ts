/** What the sync operations return (the status bar, the 同步 page, the admin's registration). */

export type SyncLinkState = 'not-configured' | 'connecting' | 'online' | 'offline' | 'error' | 'revoked';

export interface SyncLinkView {
  gatewayUrl: string;
  /** Registered device code: in every case number this PC issues from registration on. */
  deviceCode: string;
  deviceRole: string;
  centreCode: string;
  centreName: string;
  registeredAt: string;
}

export interface SyncStatusView {
  state: SyncLinkState;
  /** Items waiting to be sent. */
  pending: number;
  /** Items the gateway refused: they need a person (see the 同步 page). */
  rejected: number;
  lastSyncedAt: string | null;
  lastError: { code: string; message: string; at: string | null } | null;
  /** When the background sync tries again after a failure. */
  retryAt: string | null;
  clockSkewMs: number | null;
  /** Set when this PC's clock is more than a day off the gateway's. */
  clockWarning: string | null;
  link: SyncLinkView | null;
}

export interface SyncItemView {
  id: string;
  state: 'pending' | 'rejected';
  caseId: string | null;
  caseNumber: string | null;
  matterName: string | null;
  /** The case as it now stands here (after the rebase). */
  caseStatus: string | null;
  /** What was done, in Chinese (认领, 受理 …). */
  what: string;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
  /** The gateway's reason, in Chinese, for a rejected item. */
  reason: string | null;
  /** What to do about it. */
  advice: string;
  rejectedAt: string | null;
}

export interface SyncRunView {
  pushed: number;
  rejected: number;
  /** Entries the pull took, this PC's own events acknowledged by number included. */
  pulledEvents: number;
  /** Events the pull brought that this PC did not hold: what the screen reports as 收到. */
  receivedEvents: number;
  status: SyncStatusView;
}
