import type { Migration } from './types.ts';

/**
 * The daily log (日志/台账) and its exports.
 *
 * - Two partial indexes let a day's hand-overs (出件) and ratings (好差评) be read from the event
 *   log by time without scanning it: only those two event types pay for the index on the write
 *   path. Both need the event (who handed over, which level), not just the case's projection.
 * - The intake decision's time is the case's created_at, already indexed; waiting and handling
 *   times come from ticket_taken_at / ticket_called_at (0002) and decided_at.
 * - export_run records every scheduled export attempt (the supervisor sees failures and retries).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'daily-log',
  up: `
    -- One per type: SQLite uses a partial index only when the query repeats its WHERE term.
    CREATE INDEX case_event_handovers ON case_event (at) WHERE type = 'handover.delivered';
    CREATE INDEX case_event_ratings ON case_event (at) WHERE type = 'rating.given';

    CREATE TABLE export_run (
      id TEXT PRIMARY KEY,
      -- The China date whose log was written (yyyy-mm-dd).
      log_date TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed')),
      attempt INTEGER NOT NULL,
      folder TEXT NOT NULL,
      -- JSON array of the file names written, or the Chinese error shown to the supervisor.
      files TEXT CHECK (files IS NULL OR json_valid(files)),
      error TEXT,
      next_attempt_at TEXT
    ) STRICT;
    CREATE INDEX export_run_date ON export_run (log_date, started_at);
  `,
};
