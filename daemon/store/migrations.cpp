// The store's migrations as SQL text, in order; schema.cpp applies and checks them.
#include "daemon/store/migrations.hpp"

namespace smsgw::store {

namespace {

// Times are Unix milliseconds (INTEGER): comparable, and the event_log view shows them readably.
// Never edit a migration once released: add the next one.
constexpr Migration all_migrations[] = {
    {1, "initial schema", R"sql(
-- Every SMS part exactly as a modem delivered it. idem_key makes a redelivery a no-op.
-- message_id stays NULL until the part is part of an assembled message: the unlinked parts are
-- the multipart linker's state, rebuilt from here after a restart.
CREATE TABLE part (
    id            INTEGER PRIMARY KEY,
    idem_key      TEXT    NOT NULL UNIQUE,
    modem         TEXT    NOT NULL,
    imei          TEXT    NOT NULL,
    sim_location  INTEGER NOT NULL,
    sender        TEXT    NOT NULL,
    smsc_time     TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    concat_ref    INTEGER NOT NULL,
    concat_part   INTEGER NOT NULL,
    concat_total  INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    coding        TEXT    NOT NULL,
    stored_at     INTEGER NOT NULL,
    message_id    INTEGER REFERENCES message(id)
) STRICT;
CREATE INDEX part_message ON part(message_id);

-- A whole message made from its parts. state: pending until its report (and reply) are stored,
-- so a restart resumes exactly the messages that were not processed.
CREATE TABLE message (
    id            INTEGER PRIMARY KEY,
    modem         TEXT    NOT NULL,
    imei          TEXT    NOT NULL,
    sender        TEXT    NOT NULL,
    smsc_time     TEXT    NOT NULL,
    received_at   INTEGER NOT NULL,
    concat_ref    INTEGER NOT NULL,
    concat_total  INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    coding        TEXT    NOT NULL,
    assembly      TEXT    NOT NULL CHECK (assembly IN ('complete', 'timed_out', 'malformed')),
    missing_parts TEXT    NOT NULL,
    assembled_at  INTEGER NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processed')),
    processed_at  INTEGER
) STRICT;
CREATE INDEX message_pending ON message(id) WHERE state = 'pending';
CREATE INDEX message_sender ON message(sender, received_at);

-- Every version of every report with its verdict. version counts per (form, station); is_current
-- marks the versions the count uses, superseded_by links a corrected version to its successor.
CREATE TABLE report (
    id               INTEGER PRIMARY KEY,
    message_id       INTEGER NOT NULL REFERENCES message(id),
    form             TEXT    NOT NULL,
    station          TEXT    NOT NULL,
    sender           TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('accepted', 'warning', 'rejected')),
    disposition      TEXT    NOT NULL,
    values_json      TEXT    NOT NULL,
    incidents_json   TEXT    NOT NULL,
    errors_json      TEXT    NOT NULL,
    warnings_json    TEXT    NOT NULL,
    normalized       TEXT    NOT NULL,
    comment          TEXT    NOT NULL,
    codebook_version TEXT    NOT NULL,
    reference        TEXT    NOT NULL,
    is_current       INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    conflict         INTEGER NOT NULL CHECK (conflict IN (0, 1)),
    superseded_by    INTEGER REFERENCES report(id),
    created_at       INTEGER NOT NULL,
    UNIQUE (form, station, version)
) STRICT;
CREATE INDEX report_current ON report(form, station) WHERE is_current = 1;
CREATE INDEX report_message ON report(message_id);
CREATE INDEX report_reference ON report(reference);

-- Replies waiting to be sent, being sent, sent or given up.
CREATE TABLE reply (
    id                INTEGER PRIMARY KEY,
    message_id        INTEGER REFERENCES message(id),
    report_id         INTEGER REFERENCES report(id),
    destination       TEXT    NOT NULL,
    text              TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_try_at       INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    modem             TEXT,
    message_reference INTEGER,
    error             TEXT    NOT NULL DEFAULT '',
    sent_at           INTEGER
) STRICT;
CREATE INDEX reply_due ON reply(next_try_at) WHERE status = 'queued';

-- The latest health of each modem, by config name.
CREATE TABLE modem (
    name            TEXT    PRIMARY KEY,
    imei            TEXT    NOT NULL,
    imsi            TEXT    NOT NULL,
    operator        TEXT    NOT NULL,
    signal_percent  INTEGER,
    battery_percent INTEGER,
    network_state   TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    last_error      TEXT    NOT NULL,
    last_seen       INTEGER NOT NULL
) STRICT;

-- One row per export run; files is one file name per line.
CREATE TABLE export (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    path        TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    files       TEXT    NOT NULL DEFAULT '',
    error       TEXT    NOT NULL DEFAULT ''
) STRICT;

-- What operators read: one line per thing that happened.
CREATE TABLE event (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    level    TEXT    NOT NULL CHECK (level IN ('debug', 'info', 'warning', 'error')),
    category TEXT    NOT NULL,
    text     TEXT    NOT NULL
) STRICT;
CREATE INDEX event_at ON event(at);
CREATE VIEW event_log AS
    SELECT id, strftime('%Y-%m-%d %H:%M:%f', at / 1000.0, 'unixepoch') AS time_utc, level, category, text
    FROM event;
)sql"},
    {2, "index replies by destination and time (per-sender reply rate limit)", R"sql(
CREATE INDEX reply_destination ON reply(destination, created_at);
)sql"},
    {3, "codebook versions and the one in use (estimate, status and export read it)", R"sql(
-- Every codebook the daemon has run with, by version (election id @ content hash), with the files'
-- exact contents: the commands that only get --db rebuild the daemon's codebook from here.
CREATE TABLE codebook (
    version        TEXT    PRIMARY KEY,
    saved_at       INTEGER NOT NULL,
    election_toml  TEXT    NOT NULL,
    stations_csv   TEXT    NOT NULL,
    monitors_csv   TEXT    NOT NULL,
    candidates_csv TEXT    NOT NULL,
    has_candidates INTEGER NOT NULL CHECK (has_candidates IN (0, 1))
) STRICT;

-- At most one row: the version the daemon runs with now, and since when.
CREATE TABLE codebook_in_use (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version TEXT    NOT NULL REFERENCES codebook(version),
    since   INTEGER NOT NULL
) STRICT;
)sql"},
    {4, "outgoing SMS that answer no message (reminders, HQ summaries) and the reminders sent", R"sql(
-- kind: 'reply' answers a message; 'reminder' asks a silent sampled station for its report;
-- 'hq_summary' texts the estimates to HQ while exports cannot reach it. Only replies have a
-- message_id.
ALTER TABLE reply ADD COLUMN kind TEXT NOT NULL DEFAULT 'reply'
    CHECK (kind IN ('reply', 'reminder', 'hq_summary'));

-- One row per reminder window, station and monitor phone that was reminded: the UNIQUE key is
-- what keeps a window to one SMS per station and monitor, across restarts.
CREATE TABLE reminder (
    id        INTEGER PRIMARY KEY,
    window    TEXT    NOT NULL,
    form      TEXT    NOT NULL,
    station   TEXT    NOT NULL,
    phone     TEXT    NOT NULL,
    reply_id  INTEGER NOT NULL REFERENCES reply(id),
    queued_at INTEGER NOT NULL,
    UNIQUE (window, station, phone)
) STRICT;
)sql"},
    {5, "quarantined SIM records and the modems' SMS storage", R"sql(
-- SIM records the modem could not read (libgammu's error, e.g. ERR_CORRUPTED, or the signal that
-- killed the modem's process, e.g. SIGSEGV), stored before the record is deleted from the SIM so
-- the records behind it flow; HQ gets them as forensic evidence. pdu_hex is the raw record in
-- upper-case hex, '' when it could not be captured. The UNIQUE key makes a record seen again (the
-- modem process died between this commit and the SIM delete) one row.
CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    modem       TEXT    NOT NULL,
    imei        TEXT    NOT NULL,
    location    INTEGER NOT NULL,
    error       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    pdu_hex     TEXT    NOT NULL CHECK (pdu_hex NOT GLOB '*[^0-9A-F]*' AND length(pdu_hex) % 2 = 0),
    detected_at INTEGER NOT NULL,
    UNIQUE (modem, imei, location, error, pdu_hex)
) STRICT;

-- SMS storage in use and its size (GSM_GetSMSStatus), NULL while unknown; the device the modem is on.
ALTER TABLE modem ADD COLUMN sim_used INTEGER;
ALTER TABLE modem ADD COLUMN sim_size INTEGER;
ALTER TABLE modem ADD COLUMN phone_used INTEGER;
ALTER TABLE modem ADD COLUMN phone_size INTEGER;
ALTER TABLE modem ADD COLUMN device TEXT NOT NULL DEFAULT '';
)sql"},
    {6, "the modems' refused deletes", R"sql(
-- Deletes the modem refused since its process started, the SIM locations that still refuse, and the
-- last refusal: a record that cannot be deleted stays on the SIM and fills it.
ALTER TABLE modem ADD COLUMN delete_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modem ADD COLUMN undeletable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modem ADD COLUMN last_delete_error TEXT NOT NULL DEFAULT '';
)sql"},
    {7, "official results: a commission's per-station rows, every imported version kept", R"sql(
-- One row per imported version of a station's official result for a results form (values_json as
-- in report: {"A":312,...}). version counts per (form, station); is_current marks the latest,
-- which verify uses; a corrected table adds versions and never deletes. source_file and
-- source_sha256 name the file each version came from.
CREATE TABLE official (
    id            INTEGER PRIMARY KEY,
    form          TEXT    NOT NULL,
    station       TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    is_current    INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    values_json   TEXT    NOT NULL,
    imported_at   INTEGER NOT NULL,
    source_file   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL,
    UNIQUE (form, station, version)
) STRICT;
CREATE UNIQUE INDEX official_current ON official(form, station) WHERE is_current = 1;
)sql"},
    // Only the number on the next line says where this migration stands: renumber it there alone.
    {8, "takes: the estimate snapshotted every N counted reports or M minutes", R"sql(
-- One row per take (its number is the id): when, why, and how many results were counted since the
-- take before. HQ judges the point of stability from how the estimates moved from take to take.
CREATE TABLE take (
    id               INTEGER PRIMARY KEY,
    taken_at         INTEGER NOT NULL,
    reason           TEXT    NOT NULL CHECK (reason IN ('reports', 'interval', 'final')),
    counted          INTEGER NOT NULL,
    codebook_version TEXT    NOT NULL
) STRICT;

-- Per take, each estimate target: a national contest (district 0) or one district of a district
-- contest, with its reporting and its call as the estimate said it.
CREATE TABLE take_target (
    id                INTEGER PRIMARY KEY,
    take_id           INTEGER NOT NULL REFERENCES take(id),
    contest           TEXT    NOT NULL,
    district          INTEGER NOT NULL,
    sampled           INTEGER NOT NULL,
    reported          INTEGER NOT NULL,
    call              TEXT    NOT NULL,
    complete_coverage INTEGER NOT NULL CHECK (complete_coverage IN (0, 1)),
    UNIQUE (take_id, contest, district)
) STRICT;

-- Each measure of a target at the take, in fractions; share NULL when there was no data for it.
-- tag: the option's (for a lead, the option ahead; versus the one behind); '' for turnout and invalid.
CREATE TABLE take_estimate (
    id        INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES take_target(id),
    measure   TEXT    NOT NULL CHECK (measure IN ('option', 'turnout', 'invalid', 'lead')),
    tag       TEXT    NOT NULL,
    versus    TEXT    NOT NULL,
    share     REAL,
    margin95  REAL    NOT NULL,
    margin99  REAL    NOT NULL,
    UNIQUE (target_id, measure, tag)
) STRICT;

-- Reporting completeness of each stratum of a target at the take.
CREATE TABLE take_stratum (
    id        INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES take_target(id),
    stratum   TEXT    NOT NULL,
    sampled   INTEGER NOT NULL,
    reported  INTEGER NOT NULL,
    UNIQUE (target_id, stratum)
) STRICT;
)sql"},
    {9, "deliveries of exports to HQ, as smsgw push verified them", R"sql(
-- One row per attempt to deliver exports to HQ: `smsgw push` runs export_command then fetches HQ's
-- copy of the manifest; ok = 1 only when it equals ours. The HQ-link alarm counts these, not the
-- export rows (an export written is not an export delivered). attempt is the push's own id, so an
-- outcome file read twice (a crash between the commit and its removal) is one row.
CREATE TABLE delivery (
    id          INTEGER PRIMARY KEY,
    attempt     TEXT    NOT NULL UNIQUE,
    export      TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    stage       TEXT    NOT NULL CHECK (stage IN ('delivered', 'transfer', 'verify', 'push', 'no-push')),
    command     TEXT    NOT NULL DEFAULT '',
    exit_code   INTEGER,
    detail      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX delivery_started ON delivery(started_at);
)sql"},
    {10, "the operators' audit trail (review, call, resolve, official import, codebook reload) and phone reports", R"sql(
-- Every human action, appended and never changed: when, who (--by, or the Unix user), what
-- (action: review | call | resolve | official-import | codebook-reload; verb: verify, reject,
-- quarantine, release, note, confirm, escalate, correct, a call's outcome, ...), about which report
-- and/or station, the values before and after, and why. The operators' standing decisions (a
-- station withheld from the count, a report rejected) are read back from these rows alone, so the
-- count is what the trail says. hash = SHA-256 over the row's content and prev_hash (the row
-- before's hash, '' for the first): `smsgw audit verify` recomputes the chain and names the first
-- row that was edited, deleted or moved. AUTOINCREMENT keeps the highest id ever handed out in
-- sqlite_sequence, so deleting the newest rows shows too.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    operator  TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    verb      TEXT    NOT NULL,
    report_id INTEGER,
    station   TEXT    NOT NULL,
    before    TEXT    NOT NULL,
    after     TEXT    NOT NULL,
    reason    TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
) STRICT;
CREATE INDEX audit_station ON audit(station, id);
CREATE INDEX audit_report ON audit(report_id, id);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit rows are never changed: append a new decision instead'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END;

-- How a report version arrived: by SMS, or read to an operator over the phone (smsgw review ...
-- verify --set), who is named.
ALTER TABLE report ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms', 'phone'));
ALTER TABLE report ADD COLUMN operator TEXT NOT NULL DEFAULT '';
)sql"},
    // Only the number on the next line says where this migration stands: renumber it there alone.
    {11, "the HQ outbox: every row HQ's PostgreSQL gets, queued in the transaction that wrote it", R"sql(
-- At most one row, present once [hq] was configured: the name this database's rows have at HQ
-- (fixed from then on) and the push worker's last word. pushed_through is the highest hq_outbox id
-- HQ has committed (HQ's own cursor is the authority; this copy is for status and the console).
CREATE TABLE hq_push (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    gateway_id     TEXT    NOT NULL,
    enabled_at     INTEGER NOT NULL,
    pushed_through INTEGER NOT NULL DEFAULT 0,
    pushed_at      INTEGER,
    last_error     TEXT    NOT NULL DEFAULT '',
    failing_since  INTEGER
) STRICT;

-- One entry per row HQ should have: kind names the table, local_id its row. Written by the
-- triggers below, so inside the very transaction that wrote the row, whoever wrote it (the
-- pipeline, official import, the quarantine); only while hq_push has its row. Never deleted: the
-- id order is the push order and the cursor at HQ is an id.
CREATE TABLE hq_outbox (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('codebook', 'message', 'report', 'official', 'quarantine', 'decision')),
    local_id   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (kind, local_id)
) STRICT;

CREATE TRIGGER hq_outbox_codebook AFTER INSERT ON codebook WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('codebook', NEW.rowid, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER hq_outbox_message AFTER INSERT ON message WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('message', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER hq_outbox_report AFTER INSERT ON report WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('report', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER hq_outbox_official AFTER INSERT ON official WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('official', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER hq_outbox_quarantine AFTER INSERT ON quarantine WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('quarantine', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER hq_outbox_decision AFTER INSERT ON audit WHEN EXISTS (SELECT 1 FROM hq_push) BEGIN
    INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at)
    VALUES ('decision', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return all_migrations; }

}  // namespace smsgw::store
