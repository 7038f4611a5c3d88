import type { Migration } from './types.ts';

/**
 * The central schema. Every table that holds a province's data starts its key with the region
 * code (区划, 6 digits) and no key spans regions, so the tables can be distributed by region
 * (Citus, or a PostgreSQL-compatible database's sharding) and one region's data moved or
 * restored alone. `central_event`, the big table, is keyed by (region, id) with the event's
 * time-ordered UUID as the second part, so it can be range-partitioned by month on `id`
 * without changing a key; the per-case numbering is kept unique by the case row's lock, not by
 * a unique index (a partitioned table's unique index must contain the partition key). See
 * docs/scale.md.
 *
 * Plain PostgreSQL 14+ SQL, no extensions, so provincial PostgreSQL-compatible databases run it.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    -- This node's bookkeeping (the epoch, the database identity it was seen with): not province data.
    CREATE TABLE gateway_meta (
      key text PRIMARY KEY,
      value text NOT NULL
    );

    CREATE TABLE centre (
      region_code char(6) NOT NULL,
      centre_code text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (region_code, centre_code)
    );

    -- One-time codes, stored as SHA-256 of the code: a leaked table registers nothing.
    CREATE TABLE registration_code (
      region_code char(6) NOT NULL,
      code_hash bytea NOT NULL,
      centre_code text NOT NULL,
      device_role text NOT NULL CHECK (device_role IN ('window', 'backoffice')),
      issued_by text NOT NULL,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      used_by uuid,
      PRIMARY KEY (region_code, code_hash)
    );
    -- A code carries no region: registration looks it up in every region (rare, and indexed).
    CREATE INDEX registration_code_by_hash ON registration_code (code_hash);

    CREATE TABLE device (
      region_code char(6) NOT NULL,
      device_id uuid NOT NULL,
      centre_code text NOT NULL,
      device_code char(3) NOT NULL,
      device_role text NOT NULL CHECK (device_role IN ('window', 'backoffice')),
      name text NOT NULL,
      installation_id uuid NOT NULL,
      app_version text NOT NULL,
      secret_hash bytea NOT NULL,
      registered_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_seen_at timestamptz,
      -- What the gateway holds of the device's own events, for re-sending after an epoch change.
      events_count bigint NOT NULL DEFAULT 0,
      last_event_id uuid,
      PRIMARY KEY (region_code, device_id),
      UNIQUE (region_code, device_code),
      UNIQUE (region_code, installation_id)
    );

    -- Access tokens, stored as SHA-256. A renewed token does not end the old one until the new
    -- one is first used, so an answer lost on the way locks nobody out.
    CREATE TABLE device_token (
      region_code char(6) NOT NULL,
      device_id uuid NOT NULL,
      token_id uuid NOT NULL,
      token_hash bytea NOT NULL,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      first_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (region_code, device_id, token_id)
    );

    -- Every audit-chain head a device reported: its trail can be checked against what the centre saw.
    CREATE TABLE device_audit_head (
      region_code char(6) NOT NULL,
      device_id uuid NOT NULL,
      audit_seq bigint NOT NULL,
      hash text NOT NULL,
      at text NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, device_id, audit_seq)
    );

    -- A case, keyed by the region of the centre that took it (the first 6 characters of its number).
    -- header: the intake facts without personal data; personal: those, sealed (SM4 + HMAC-SM3);
    -- state: the case as folded by the lifecycle's state machine, so a push checks against it
    -- without reading the whole log.
    CREATE TABLE central_case (
      region_code char(6) NOT NULL,
      case_id uuid NOT NULL,
      case_number text NOT NULL,
      centre_code text NOT NULL,
      competent_region char(6) NOT NULL,
      department_code text NOT NULL,
      matter_code text NOT NULL,
      parent_case_id uuid,
      header jsonb NOT NULL,
      personal bytea NOT NULL,
      last_seq integer NOT NULL,
      status text,
      assignee_id text,
      assignee_name text,
      state jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, case_id),
      UNIQUE (region_code, case_number)
    );

    -- Blind index of the sealed personal data (HMAC-SM3 tokens of ID numbers, phones, names).
    CREATE TABLE case_token (
      region_code char(6) NOT NULL,
      token bytea NOT NULL,
      case_id uuid NOT NULL,
      PRIMARY KEY (region_code, token, case_id)
    );

    CREATE TABLE central_event (
      region_code char(6) NOT NULL,
      id uuid NOT NULL,
      case_id uuid NOT NULL,
      seq integer NOT NULL,
      type text NOT NULL,
      at text NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor_id text,
      actor_role text,
      actor_name text,
      note text,
      payload jsonb NOT NULL,
      device_region char(6) NOT NULL,
      device_id uuid NOT NULL,
      device_code char(3) NOT NULL,
      centre_code text NOT NULL,
      PRIMARY KEY (region_code, id)
    );
    CREATE INDEX central_event_by_case ON central_event (region_code, case_id, seq);

    -- The change feed of each centre: what its devices pull, in the order it was committed.
    -- feed_counter's row is locked by the transaction that appends, so seq follows commit order
    -- and a reader that has seen seq n never later finds a smaller one committed.
    CREATE TABLE feed_counter (
      region_code char(6) NOT NULL,
      centre_code text NOT NULL,
      last_seq bigint NOT NULL,
      PRIMARY KEY (region_code, centre_code)
    );
    CREATE TABLE feed (
      region_code char(6) NOT NULL,
      centre_code text NOT NULL,
      seq bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('event', 'user', 'catalogue', 'calendar')),
      ref_region char(6) NOT NULL,
      ref_id text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, centre_code, seq)
    );

    CREATE TABLE centre_user (
      region_code char(6) NOT NULL,
      centre_code text NOT NULL,
      user_id text NOT NULL,
      username text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL,
      department_code text,
      password_verifier text NOT NULL,
      must_change_password boolean NOT NULL,
      disabled boolean NOT NULL,
      version integer NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, centre_code, user_id)
    );
    CREATE INDEX centre_user_by_name ON centre_user (region_code, centre_code, lower(username));

    -- Push items that are not case events (user changes), by id, so they too apply once.
    CREATE TABLE applied_message (
      region_code char(6) NOT NULL,
      id uuid NOT NULL,
      kind text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, id)
    );

    CREATE TABLE catalogue_version (
      region_code char(6) NOT NULL,
      version text NOT NULL,
      body jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, version)
    );

    CREATE TABLE calendar_year (
      region_code char(6) NOT NULL,
      year integer NOT NULL,
      body jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, year)
    );

    -- Scans, stored once per region by content; chunks sealed (SM4) as they arrive.
    CREATE TABLE attachment (
      region_code char(6) NOT NULL,
      sha256 char(64) NOT NULL,
      size integer NOT NULL,
      received integer NOT NULL,
      complete boolean NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (region_code, sha256)
    );
    CREATE TABLE attachment_chunk (
      region_code char(6) NOT NULL,
      sha256 char(64) NOT NULL,
      chunk_offset integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (region_code, sha256, chunk_offset)
    );
    -- Which cases name a scan, and in which region its bytes are.
    CREATE TABLE case_attachment (
      region_code char(6) NOT NULL,
      case_id uuid NOT NULL,
      sha256 char(64) NOT NULL,
      stored_region char(6) NOT NULL,
      material_key text NOT NULL,
      file_name text NOT NULL,
      mime_type text NOT NULL,
      size integer NOT NULL,
      PRIMARY KEY (region_code, case_id, sha256)
    );
    CREATE INDEX case_attachment_by_hash ON case_attachment (sha256);
  `,
};
