import type { Migration } from './types.ts';

/**
 * 受审分离: what the lists and queues need of a case's lifecycle, projected from its event log in
 * the same transaction as each event (the log stays the truth), plus follow-ups of bad ratings.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'lifecycle',
  up: `
    ALTER TABLE case_record ADD COLUMN assignee_id TEXT REFERENCES app_user(id);
    -- The reviewer workbench queue (待审, 审查中, 补正中, 特别程序, 已决定), NULL when in none.
    ALTER TABLE case_record ADD COLUMN review_queue TEXT;
    ALTER TABLE case_record ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));
    ALTER TABLE case_record ADD COLUMN flag_note TEXT;
    ALTER TABLE case_record ADD COLUMN decision_outcome TEXT CHECK (decision_outcome IN ('granted', 'denied'));
    ALTER TABLE case_record ADD COLUMN steps_done INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE case_record ADD COLUMN rating_level INTEGER CHECK (rating_level BETWEEN 1 AND 5);
    ALTER TABLE case_record ADD COLUMN delivered_at TEXT;
    ALTER TABLE case_record ADD COLUMN closed_at TEXT;
    CREATE INDEX case_record_queue ON case_record (department_code, review_queue, due_date) WHERE review_queue IS NOT NULL;
    CREATE INDEX case_record_assignee ON case_record (assignee_id, status) WHERE assignee_id IS NOT NULL;
    CREATE INDEX case_record_flagged ON case_record (flagged) WHERE flagged = 1;

    -- The 即办 right: a clerk who may decide immediate matters on the spot.
    ALTER TABLE app_user ADD COLUMN may_decide_immediately INTEGER NOT NULL DEFAULT 0 CHECK (may_decide_immediately IN (0, 1));

    -- Every 不满意 / 非常不满意 is followed up (回访) by the supervisor before its deadline.
    CREATE TABLE follow_up (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES case_record(id),
      rating_level INTEGER NOT NULL,
      comment TEXT,
      created_at TEXT NOT NULL,
      due_date TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
      resolution TEXT,
      resolved_by TEXT REFERENCES app_user(id),
      resolved_at TEXT
    ) STRICT;
    CREATE INDEX follow_up_open ON follow_up (state, due_date);
  `,
};
