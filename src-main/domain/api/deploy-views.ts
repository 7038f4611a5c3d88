/** What the IT operations return: the configuration in force, the first-run state, backups, the diagnostic bundle. */
import type { EffectiveValue } from '../site/effective.ts';

export interface SiteWindowChoiceView {
  number: string;
  name: string;
  deviceCode: string;
  /** This PC's own window. */
  taken: boolean;
}

export interface SiteConfigView {
  /** Where the site file was read from at the last start, or null when the hall has none. */
  siteFile: string | null;
  /** No centre configured at all: the first-run wizard is shown. */
  firstRun: boolean;
  /** This PC is not bound to a window yet: it picks one. */
  needsWindow: boolean;
  values: EffectiveValue[];
  /** The windows this PC may pick (the site file's, else every window in the store). */
  windows: SiteWindowChoiceView[];
  /** The admin's kiosk switch (the Electron shell reads it at start). */
  kiosk: boolean;
}

/**
 * Before any account exists: what the first-run wizard must ask. With a site file the centre and
 * its windows come from it (the PC only picks its window); without one the wizard asks for them.
 */
export interface FirstRunView {
  /** No account exists yet: the wizard is the only way in. */
  needed: boolean;
  /** A centre is configured (from the site file); the wizard asks only for the window and the first admin. */
  hasCentre: boolean;
  siteFile: string | null;
  centre: { name: string; regionCode: string } | null;
  windows: SiteWindowChoiceView[];
}

export interface BackupView {
  name: string;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  cases: number;
  attachments: number;
  auditRows: number;
  databaseBytes: number;
}

export interface BackupListView {
  folder: string;
  /** How many are kept (site file, local setting or default). */
  keep: number;
  backups: BackupView[];
}

/** A file the screen hands to the user as a download (a recovery key, a diagnostic bundle). */
export interface DownloadView {
  fileName: string;
  mimeType: string;
  /** The file's text (both are JSON). */
  content: string;
}

export interface DiagnosticsView extends DownloadView {
  /** Where the same bundle was also written on this PC (`<data>/diagnostics/`). */
  path: string;
}

export interface RestoreView {
  backup: string;
  cases: number;
  auditRows: number;
  /** The running services restart on the restored data (everyone logs in again). */
  restarting: boolean;
}
