-- kibridge's one schema. Each "-- migration N: ..." section is applied once, in order, inside
-- a transaction that also sets PRAGMA user_version = N. Sections are never edited after they
-- ship: a change to the schema is a new section at the end.

-- migration 1: the InvenTree mirror, KiCad configuration, settings and API tokens

-- Mirror tables are keyed by InvenTree's primary keys so ids stay stable across pulls and
-- KiCad's schematics (which store the part pk in the hidden "InvenTree" field) stay valid.
CREATE TABLE category (
  id          INTEGER PRIMARY KEY,
  parent_id   INTEGER,
  name        TEXT NOT NULL,
  pathstring  TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  structural  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX category_by_parent ON category(parent_id);

CREATE TABLE part (
  id                INTEGER PRIMARY KEY,
  category_id       INTEGER,
  name              TEXT NOT NULL,
  ipn               TEXT NOT NULL DEFAULT '',
  description       TEXT NOT NULL DEFAULT '',
  keywords          TEXT NOT NULL DEFAULT '',
  revision          TEXT NOT NULL DEFAULT '',
  units             TEXT NOT NULL DEFAULT '',
  link              TEXT NOT NULL DEFAULT '',
  active            INTEGER NOT NULL DEFAULT 1,
  is_template       INTEGER NOT NULL DEFAULT 0,
  total_in_stock    REAL NOT NULL DEFAULT 0,
  unallocated_stock REAL NOT NULL DEFAULT 0
);
CREATE INDEX part_by_category ON part(category_id);
CREATE INDEX part_by_name ON part(name);

CREATE TABLE parameter_template (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  units       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX parameter_template_by_name ON parameter_template(name COLLATE NOCASE);

CREATE TABLE part_parameter (
  id          INTEGER PRIMARY KEY,
  part_id     INTEGER NOT NULL,
  template_id INTEGER NOT NULL,
  data        TEXT NOT NULL,
  UNIQUE (part_id, template_id)
);
CREATE INDEX part_parameter_by_template ON part_parameter(template_id);

-- Link attachments of parts; the one whose comment is "datasheet" is the datasheet.
CREATE TABLE part_attachment (
  id      INTEGER PRIMARY KEY,
  part_id INTEGER NOT NULL,
  link    TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX part_attachment_by_part ON part_attachment(part_id);

CREATE TABLE manufacturer_part (
  id           INTEGER PRIMARY KEY,
  part_id      INTEGER NOT NULL,
  manufacturer TEXT NOT NULL DEFAULT '',
  mpn          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX manufacturer_part_by_part ON manufacturer_part(part_id);

CREATE TABLE supplier_part (
  id                   INTEGER PRIMARY KEY,
  part_id              INTEGER NOT NULL,
  manufacturer_part_id INTEGER,
  supplier             TEXT NOT NULL DEFAULT '',
  sku                  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supplier_part_by_part ON supplier_part(part_id);

-- kibridge's own configuration. A KiCad category selects an InvenTree category for KiCad and
-- carries its defaults (the plugin's "SelectedCategory"); it goes away with its category.
CREATE TABLE kicad_category (
  id                               INTEGER PRIMARY KEY AUTOINCREMENT,
  category_id                      INTEGER NOT NULL UNIQUE,
  default_symbol                   TEXT NOT NULL DEFAULT '',
  default_footprint                TEXT NOT NULL DEFAULT '',
  default_reference                TEXT NOT NULL DEFAULT '',
  default_value_parameter_template INTEGER,
  footprint_parameter_template     INTEGER
);

CREATE TABLE footprint_mapping (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  kicad_category_id INTEGER NOT NULL REFERENCES kicad_category(id) ON DELETE CASCADE,
  parameter_value   TEXT NOT NULL,
  kicad_footprint   TEXT NOT NULL,
  UNIQUE (kicad_category_id, parameter_value)
);

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Only the SHA-256 of a token is stored; the token itself is shown once, at creation.
CREATE TABLE api_token (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL UNIQUE,
  scope      TEXT NOT NULL CHECK (scope IN ('read', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- migration 2: pull history and schedule, for `kibridge status` and GET /api/status

-- One row per pull from InvenTree, successful or not; only the latest 100 are kept. Times are
-- ISO 8601 UTC. Counts are what the pull read; changed_* what applying it changed.
CREATE TABLE sync_run (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at          TEXT NOT NULL,
  finished_at         TEXT NOT NULL,
  succeeded           INTEGER NOT NULL,
  error_kind          TEXT NOT NULL DEFAULT '',
  error_message       TEXT NOT NULL DEFAULT '',
  inventree_url       TEXT NOT NULL DEFAULT '',
  server_version      TEXT NOT NULL DEFAULT '',
  api_version         INTEGER NOT NULL DEFAULT 0,
  duration_ms         INTEGER NOT NULL DEFAULT 0,
  requests            INTEGER NOT NULL DEFAULT 0,
  retries             INTEGER NOT NULL DEFAULT 0,
  bytes_received      INTEGER NOT NULL DEFAULT 0,
  categories          INTEGER NOT NULL DEFAULT 0,
  parts               INTEGER NOT NULL DEFAULT 0,
  parameter_templates INTEGER NOT NULL DEFAULT 0,
  parameters          INTEGER NOT NULL DEFAULT 0,
  attachments         INTEGER NOT NULL DEFAULT 0,
  manufacturer_parts  INTEGER NOT NULL DEFAULT 0,
  supplier_parts      INTEGER NOT NULL DEFAULT 0,
  changed_parts       INTEGER NOT NULL DEFAULT 0,
  changed_categories  INTEGER NOT NULL DEFAULT 0,
  changed_everything  INTEGER NOT NULL DEFAULT 0
);

-- The pull schedule of the `kibridge serve` that last ran on this file (one row), so that
-- `kibridge status` can show the next pull from another process.
CREATE TABLE sync_schedule (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  inventree_url    TEXT NOT NULL,
  interval_seconds INTEGER NOT NULL,
  next_pull_at     TEXT,
  updated_at       TEXT NOT NULL
);

-- migration 3: netlist imports and the write-back outbox

-- One row per netlist import, applied or dry run. `actor` is the API token's name, or "cli" for
-- `kibridge import`. summary_json holds the report's summary counts. Only the latest 1000 are kept.
CREATE TABLE import_run (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at     TEXT NOT NULL,
  actor          TEXT NOT NULL,
  file_name      TEXT NOT NULL DEFAULT '',
  content_sha256 TEXT NOT NULL,
  dry_run        INTEGER NOT NULL,
  design_source  TEXT NOT NULL DEFAULT '',
  summary_json   TEXT NOT NULL,
  queued         INTEGER NOT NULL DEFAULT 0
);

-- Changes waiting to reach InvenTree, one per (part, field) an import changed, in the order
-- they must be sent. old_value is what the change replaces (NULL: nothing was there); a
-- pusher writes new_value only while InvenTree still holds old_value (or already new_value).
--   pending   to send; not before next_attempt_at when set
--   conflict  InvenTree holds remote_value, neither old nor new: waits for a user
--   failed    InvenTree refused it (last_error has its message): waits for a user
--   done      InvenTree holds new_value
--   dropped   a user gave it up
-- Until it is done or dropped, an entry's new_value is shown in the mirror even when a pull
-- brings another value (the overlay in apply_mirror).
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  import_id       INTEGER REFERENCES import_run(id) ON DELETE SET NULL,
  part_id         INTEGER NOT NULL,
  field           TEXT NOT NULL CHECK (field IN ('footprint', 'symbol', 'reference', 'datasheet')),
  template_id     INTEGER,
  template_name   TEXT NOT NULL DEFAULT '',
  old_value       TEXT,
  new_value       TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'conflict', 'failed', 'done', 'dropped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT NOT NULL DEFAULT '',
  remote_value    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  settled_at      TEXT
);
CREATE INDEX outbox_by_state ON outbox(state, id);
CREATE INDEX outbox_by_part ON outbox(part_id, field, id);

-- Why the pusher stopped sending (InvenTree refused its credentials); one row or none.
CREATE TABLE outbox_pause (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  reason    TEXT NOT NULL,
  paused_at TEXT NOT NULL
);

-- Imports match netlist components by IPN.
CREATE INDEX part_by_ipn ON part(ipn) WHERE ipn <> '';

-- migration 4: a commit counter, so a running server notices what other processes change

-- Every write transaction through the Store adds one, so a process can tell its own commits
-- from those of another process on the same file (`kibridge import` beside `kibridge serve`).
CREATE TABLE store_generation (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO store_generation (id, value) VALUES (1, 0);

-- migration 5: token scope 'import' (netlist uploads and reads, for a KiCad BOM-plugin line)

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with its rows.
CREATE TABLE api_token_v5 (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL UNIQUE,
  scope      TEXT NOT NULL CHECK (scope IN ('read', 'import', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
INSERT INTO api_token_v5 (id, name, scope, token_hash, created_at)
  SELECT id, name, scope, token_hash, created_at FROM api_token;
DROP TABLE api_token;
ALTER TABLE api_token_v5 RENAME TO api_token;

-- migration 6: part search (the console's Parts page), an FTS5 index over the mirror

-- One row per part, rowid = part id: its name, IPN, description and keywords, its
-- manufacturers and MPNs, its parameter values. Kept in step by the code that writes the mirror
-- (refresh_part_search in storage/part_search.cc), not by triggers: a pull writes ~7 rows per
-- part, and a trigger per row would re-index each part ~7 times. Prefix indexes of 2 and 3
-- characters for the console's search-as-you-type (every term is a prefix query): on the
-- 100,000-part demo they cut counting the matches of a 3-letter prefix from ~40 to ~7 ms, for
-- +7 MB (the index is ~35 MB beside a 45 MB mirror).
CREATE VIRTUAL TABLE part_search USING fts5(
  name, ipn, description, manufacturer, parameters,
  prefix = '2 3', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO part_search (rowid, name, ipn, description, manufacturer, parameters)
  SELECT p.id, p.name, p.ipn, p.description || ' ' || p.keywords,
         (SELECT group_concat(m.manufacturer || ' ' || m.mpn, ' ') FROM manufacturer_part m WHERE m.part_id = p.id),
         (SELECT group_concat(pp.data, ' ') FROM part_parameter pp WHERE pp.part_id = p.id)
  FROM part p;

-- migration 7: when each API token was last used (GET /api/tokens)

-- Written at most once a minute per token, from memory (auth/token_auth.h says why); NULL:
-- not used since this column exists.
ALTER TABLE api_token ADD COLUMN last_used_at TEXT;

-- migration 8: parameters of part categories (InvenTree API 505+), for KiCad defaults kept in InvenTree

-- Mirrored like the other InvenTree tables (replaced by each pull). The template is kept by
-- name: templates made for categories are not among the part templates of parameter_template.
CREATE TABLE category_parameter (
  id            INTEGER PRIMARY KEY,
  category_id   INTEGER NOT NULL,
  template_id   INTEGER NOT NULL,
  template_name TEXT NOT NULL,
  data          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX category_parameter_by_category ON category_parameter(category_id);

-- migration 9: supplier parts' primary flag (InvenTree API 456) and KiCad categories' field rules

-- Which supplier part InvenTree marks primary: KICAD_SUPPLIER_FIELDS serves its SKU first.
ALTER TABLE supplier_part ADD COLUMN is_primary INTEGER NOT NULL DEFAULT 0;
-- A KiCad category's field rules (server/kicad/field_rules.h), canonical JSON; '' for none.
ALTER TABLE kicad_category ADD COLUMN field_rules TEXT NOT NULL DEFAULT '';

-- migration 10: named KiCad libraries, each served under /libraries/<name>/v1/

-- A named library groups KiCad categories into a KiCad library of its own (passives apart
-- from ICs). A KiCad category belongs to one library: a named one, or the default library
-- (library_id NULL) that /plugin/kicad-library-plugin/v1/ serves. The name is checked by
-- the store (storage/limits.h, library_name_error); a library that still has KiCad
-- categories cannot be removed (the store refuses it, naming them).
CREATE TABLE kicad_library (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);
ALTER TABLE kicad_category ADD COLUMN library_id INTEGER REFERENCES kicad_library(id);
