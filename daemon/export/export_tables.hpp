// The tables of an export, each built from one ExportData: its columns documented and their kinds declared here.
#pragma once

#include "daemon/export/column_kind.hpp"
#include "daemon/export/csv_writer.hpp"
#include "daemon/export/export_options.hpp"

#include <span>

namespace smsgw::exports {

// reports.csv — one row per current report (conflicting versions included, flagged), ordered by
// form (codebook order), station, id. Columns: report_id, form, form_name, station, station_name,
// region, region_name, district, district_name, registered, stratum, sampled, status, disposition,
// conflict (1 = withheld from the count), version, versions (stored versions of this form and
// station), warnings (codes), received_utc, recorded_utc, [sender unless privacy], monitor_name,
// reference, comment, codebook_version, channel (sms | phone: read to an operator), entered_by (the
// operator who took a phone report), counting (the counting rule's verdict: counts | in conflict |
// rejected | rejected by an operator | station withheld from the count | ... ; results forms only,
// "not a results form" otherwise); then one column per field of every checklist and results
// form, "<form>_<tag>" (time fields HH:MM, others the integer code), and "<form>_codes" per incident
// form ("1;3").
CsvWriter reports_csv(const ExportData& d);
// reports.csv, as cells: "<form>_codes" the incident codes (text), every other form column a field.
inline constexpr ColumnSpec reports_columns[] = {
    {"report_id", ColumnKind::integer}, {"form", ColumnKind::text}, {"form_name", ColumnKind::text},
    {"station", ColumnKind::text}, {"station_name", ColumnKind::text}, {"region", ColumnKind::text},
    {"region_name", ColumnKind::text}, {"district", ColumnKind::integer}, {"district_name", ColumnKind::text},
    {"registered", ColumnKind::integer}, {"stratum", ColumnKind::text}, {"sampled", ColumnKind::integer},
    {"status", ColumnKind::text}, {"disposition", ColumnKind::text}, {"conflict", ColumnKind::integer},
    {"version", ColumnKind::integer}, {"versions", ColumnKind::integer}, {"warnings", ColumnKind::text},
    {"received_utc", ColumnKind::utc_time}, {"recorded_utc", ColumnKind::utc_time}, {"sender", ColumnKind::text},
    {"monitor_name", ColumnKind::text}, {"reference", ColumnKind::text}, {"comment", ColumnKind::text},
    {"codebook_version", ColumnKind::text}, {"channel", ColumnKind::text}, {"entered_by", ColumnKind::text},
    {"counting", ColumnKind::text}, {"*_codes", ColumnKind::text}, {"*", ColumnKind::field},
};

// messages.csv — every SMS the gateway received or sent: one row per stored message (kind "in")
// with its outcome and its reply, and one row per reminder ("reminder") and HQ summary
// ("hq_summary"), which answer no message; messages by id, the others merged in by time.
// Columns: message_id, kind, received_utc, modem, [sender unless privacy], monitor_name (of the
// sender, or of a reminder's destination), text, assembly (complete | timed_out | malformed),
// missing_parts, state (pending | processed), report_id, form, station (of a reminder: what it asked
// for, ";"-separated), status, disposition, errors, warnings (codes), reference, reply_id,
// [reply_destination unless privacy], reply_text, reply_status (queued | sending | sent | failed),
// reply_attempts, reply_modem (the one that sent it, or last tried), reply_queued_utc,
// reply_sent_utc, reply_error (the last failure), reminder_window.
CsvWriter messages_csv(const ExportData& d);
// messages.csv, as cells: missing_parts ("1;3") and a reminder's station list stay text.
inline constexpr ColumnSpec messages_columns[] = {
    {"message_id", ColumnKind::integer}, {"kind", ColumnKind::text}, {"received_utc", ColumnKind::utc_time},
    {"modem", ColumnKind::text}, {"sender", ColumnKind::text}, {"monitor_name", ColumnKind::text},
    {"text", ColumnKind::text}, {"assembly", ColumnKind::text}, {"missing_parts", ColumnKind::text},
    {"state", ColumnKind::text}, {"report_id", ColumnKind::integer}, {"form", ColumnKind::text},
    {"station", ColumnKind::text}, {"status", ColumnKind::text}, {"disposition", ColumnKind::text},
    {"errors", ColumnKind::text}, {"warnings", ColumnKind::text}, {"reference", ColumnKind::text},
    {"reply_id", ColumnKind::integer}, {"reply_destination", ColumnKind::text}, {"reply_text", ColumnKind::text},
    {"reply_status", ColumnKind::text}, {"reply_attempts", ColumnKind::integer}, {"reply_modem", ColumnKind::text},
    {"reply_queued_utc", ColumnKind::utc_time}, {"reply_sent_utc", ColumnKind::utc_time},
    {"reply_error", ColumnKind::text}, {"reminder_window", ColumnKind::text},
};

// incidents.csv — one row per incident report (every version that was not rejected and is not a
// resent duplicate), by arrival. Columns: report_id, reference, received_utc, form, station,
// station_name, region, region_name, district, district_name, registered, stratum, sampled, codes
// ("1;3"), labels ("Ballot stuffing; Voters turned away"), comment, monitor_name,
// [monitor_phone unless privacy], status, warnings.
CsvWriter incidents_csv(const ExportData& d);
// incidents.csv, as cells: codes ("1;3") stay text.
inline constexpr ColumnSpec incidents_columns[] = {
    {"report_id", ColumnKind::integer}, {"reference", ColumnKind::text}, {"received_utc", ColumnKind::utc_time},
    {"form", ColumnKind::text}, {"station", ColumnKind::text}, {"station_name", ColumnKind::text},
    {"region", ColumnKind::text}, {"region_name", ColumnKind::text}, {"district", ColumnKind::integer},
    {"district_name", ColumnKind::text}, {"registered", ColumnKind::integer}, {"stratum", ColumnKind::text},
    {"sampled", ColumnKind::integer}, {"codes", ColumnKind::text}, {"labels", ColumnKind::text},
    {"comment", ColumnKind::text}, {"monitor_name", ColumnKind::text}, {"monitor_phone", ColumnKind::text},
    {"status", ColumnKind::text}, {"warnings", ColumnKind::text},
};

// estimates.csv — per contest (and district), one row per option, then turnout, invalid and lead.
// Columns: contest, contest_name, district, district_name, measure (option | turnout | invalid |
// lead), tag, name, share, margin95, margin99, low95, high95 (fractions: 0.495412),
// share_percent, margin95_percent, margin99_percent, low95_percent, high95_percent (percent:
// 49.54), reported, sampled, reported_percent, call, complete_coverage, notes. Numbers that cannot
// be estimated (no data) are empty.
CsvWriter estimates_csv(const ExportData& d);
// estimates.csv, as cells: fractions are shares (shown 49.54%), the *_percent columns plain numbers.
inline constexpr ColumnSpec estimates_columns[] = {
    {"contest", ColumnKind::text}, {"contest_name", ColumnKind::text}, {"district", ColumnKind::integer},
    {"district_name", ColumnKind::text}, {"measure", ColumnKind::text}, {"tag", ColumnKind::text},
    {"name", ColumnKind::text}, {"share", ColumnKind::share}, {"margin95", ColumnKind::share},
    {"margin99", ColumnKind::share}, {"low95", ColumnKind::share}, {"high95", ColumnKind::share},
    {"*_percent", ColumnKind::percent}, {"reported", ColumnKind::integer}, {"sampled", ColumnKind::integer},
    {"call", ColumnKind::text}, {"complete_coverage", ColumnKind::integer}, {"notes", ColumnKind::text},
};

// missing.csv — the call-back list: per contest (and district) the sampled stations whose results
// do not count yet, the least reported regions first (callback_list.hpp), one row per station and
// monitor (stations without a monitor: one row).
// Monitors' phones are ALWAYS here, privacy or not: operators need them to call. Coordinators
// ("*") are left out. Columns: contest, form, station, station_name, region, region_name, district,
// district_name, registered, stratum, sampled, reason (no report | rejected | conflict | not
// counted), monitor_name, monitor_phone, monitor_language, monitor_role (station | district team).
CsvWriter missing_csv(const ExportData& d);
// missing.csv, as cells: phones stay text with their "+".
inline constexpr ColumnSpec missing_columns[] = {
    {"contest", ColumnKind::text}, {"form", ColumnKind::text}, {"station", ColumnKind::text},
    {"station_name", ColumnKind::text}, {"region", ColumnKind::text}, {"region_name", ColumnKind::text},
    {"district", ColumnKind::integer}, {"district_name", ColumnKind::text}, {"registered", ColumnKind::integer},
    {"stratum", ColumnKind::text}, {"sampled", ColumnKind::integer}, {"reason", ColumnKind::text},
    {"monitor_name", ColumnKind::text}, {"monitor_phone", ColumnKind::text}, {"monitor_language", ColumnKind::text},
    {"monitor_role", ColumnKind::text},
};

// quarantined.csv — the SIM records a modem could not read (libgammu failed on them, or reading
// them killed the modem's process), stored and then deleted from the SIM: forensic evidence, a
// burst of them suggests an attack. Oldest first; header only when there are none. Columns: id,
// modem, imei, location (on the SIM), error (ERR_CORRUPTED, SIGSEGV, ...), reason, [pdu_hex unless
// privacy: the raw record in upper-case hex, empty when it could not be captured], detected_at.
CsvWriter quarantined_csv(const ExportData& d);
// quarantined.csv, as cells: the IMEI stays text (15 digits would lose precision as a number).
inline constexpr ColumnSpec quarantined_columns[] = {
    {"id", ColumnKind::integer}, {"modem", ColumnKind::text}, {"imei", ColumnKind::text},
    {"location", ColumnKind::integer}, {"error", ColumnKind::text}, {"reason", ColumnKind::text},
    {"pdu_hex", ColumnKind::text}, {"detected_at", ColumnKind::utc_time},
};

// queue.csv — what needed a human at the export (smsgw queue): most important kind first, oldest
// first. Columns: kind (conflict | warning | anomaly | incident | unregistered | silent), item
// (report id, or station:CODE), report_id, reference, form, station, station_name, region, facts,
// [sender and monitor_phone unless privacy], monitor_name, since_utc, last_call_utc,
// last_call_outcome, last_call_by, last_note.
CsvWriter queue_csv(const ExportData& d);
inline constexpr ColumnSpec queue_columns[] = {
    {"kind", ColumnKind::text},          {"item", ColumnKind::text},          {"report_id", ColumnKind::integer},
    {"reference", ColumnKind::text},     {"form", ColumnKind::text},          {"station", ColumnKind::text},
    {"station_name", ColumnKind::text},  {"region", ColumnKind::text},        {"facts", ColumnKind::text},
    {"sender", ColumnKind::text},        {"monitor_phone", ColumnKind::text}, {"monitor_name", ColumnKind::text},
    {"since_utc", ColumnKind::utc_time}, {"last_call_utc", ColumnKind::utc_time},
    {"last_call_outcome", ColumnKind::text}, {"last_call_by", ColumnKind::text}, {"last_note", ColumnKind::text},
};

// decisions.csv — the operators' audit trail, every human action oldest first: id, at_utc,
// operator, action (review | call | resolve | official-import | codebook-reload), verb, report_id,
// station, before, after, reason, prev_hash, hash (SHA-256 chain: smsgw audit verify).
CsvWriter decisions_csv(const ExportData& d);
inline constexpr ColumnSpec decisions_columns[] = {
    {"id", ColumnKind::integer},    {"at_utc", ColumnKind::utc_time}, {"operator", ColumnKind::text},
    {"action", ColumnKind::text},   {"verb", ColumnKind::text},       {"report_id", ColumnKind::integer},
    {"station", ColumnKind::text},  {"before", ColumnKind::text},     {"after", ColumnKind::text},
    {"reason", ColumnKind::text},   {"prev_hash", ColumnKind::text},  {"hash", ColumnKind::text},
};

// calls.csv — every call attempt to a monitor, oldest first: id, at_utc, operator, station,
// station_name, outcome (reached | no-answer | busy | switched-off | wrong-number | left-message),
// [monitor_phone unless privacy], note.
CsvWriter calls_csv(const ExportData& d);
inline constexpr ColumnSpec calls_columns[] = {
    {"id", ColumnKind::integer},       {"at_utc", ColumnKind::utc_time},    {"operator", ColumnKind::text},
    {"station", ColumnKind::text},     {"station_name", ColumnKind::text},  {"outcome", ColumnKind::text},
    {"monitor_phone", ColumnKind::text}, {"note", ColumnKind::text},
};

// One table of the export: its CSV file and, in the workbook, a sheet named after the file without
// ".csv". A new table needs its builder, its column list and one line here; the exporter, the
// manifest and the workbook follow this list.
struct ExportTable {
    const char* file;
    CsvWriter (*build)(const ExportData&);
    std::span<const ColumnSpec> columns;
};


// official.csv — smsgw verify's verdicts: per contest (and district) and, for national contests, per
// region, one row per measure. Columns: contest, contest_name, district, region ("" for the whole
// contest), region_name, measure (option | turnout | invalid), tag, name, official, estimate, low95,
// high95, low99, high99 (fractions; estimate and bounds empty without one), verdict (inside95 |
// inside99 | outside | no_estimate), official_coverage, official_call, pvt_call, calls_agree (1 | 0).
// Header only when no official results are imported.
CsvWriter official_csv(const ExportData& d);
inline constexpr ColumnSpec official_columns[] = {
    {"contest", ColumnKind::text}, {"contest_name", ColumnKind::text}, {"district", ColumnKind::integer},
    {"region", ColumnKind::text}, {"region_name", ColumnKind::text}, {"measure", ColumnKind::text},
    {"tag", ColumnKind::text}, {"name", ColumnKind::text}, {"official", ColumnKind::share},
    {"estimate", ColumnKind::share}, {"low95", ColumnKind::share}, {"high95", ColumnKind::share},
    {"low99", ColumnKind::share}, {"high99", ColumnKind::share}, {"verdict", ColumnKind::text},
    {"official_coverage", ColumnKind::share}, {"official_call", ColumnKind::text}, {"pvt_call", ColumnKind::text},
    {"calls_agree", ColumnKind::integer},
};

// station_diff.csv — each station with a counted monitor's report of a form that has official rows,
// ranked by the votes moved between options. Columns: rank, station, station_name, region, form,
// status (differs | official_missing | match), shift (votes), differences ("A 500->560; B 400->340",
// monitor then official, "-" for a value on one side only), report_id. Header only without official results.
CsvWriter station_diff_csv(const ExportData& d);
inline constexpr ColumnSpec station_diff_columns[] = {
    {"rank", ColumnKind::integer}, {"station", ColumnKind::text}, {"station_name", ColumnKind::text},
    {"region", ColumnKind::text}, {"form", ColumnKind::text}, {"status", ColumnKind::text},
    {"shift", ColumnKind::integer}, {"differences", ColumnKind::text}, {"report_id", ColumnKind::integer},
};

// anomalies.csv — the call list: reasons to phone and check, not findings. Columns: station,
// station_name, region, stratum, source (observer | official), screen (turnout_over_100 |
// turnout_high | invalid_outlier | share_outlier | round_turnout | identical_results), detail,
// values ("turnout=1.04; cast=2660; ..."). Header only without official results.
CsvWriter anomalies_csv(const ExportData& d);
inline constexpr ColumnSpec anomalies_columns[] = {
    {"station", ColumnKind::text}, {"station_name", ColumnKind::text}, {"region", ColumnKind::text},
    {"stratum", ColumnKind::text}, {"source", ColumnKind::text},        {"screen", ColumnKind::text},
    {"detail", ColumnKind::text},  {"values", ColumnKind::text},
};

// estimate_history.csv — how each estimate converged: per take (oldest first), per contest (and
// district), one row per option, turnout, invalid and lead (when there is one), then one row per
// stratum with its reporting completeness. Columns: take, taken_utc, trigger (reports | interval |
// final), counted_since_previous (results counted since the take before), contest, contest_name,
// district, district_name, measure (option | turnout | invalid | lead | stratum), tag (option tag;
// lead "A-B"; stratum id), name, share, margin95, margin99, low95, high95 (fractions),
// share_percent, margin95_percent, low95_percent, high95_percent, reported, sampled,
// reported_percent, call, complete_coverage. Stratum rows: share is the stratum's reported
// fraction, margins empty, reported and sampled the stratum's (the other rows: the target's).
// Numbers that could not be estimated at that take are empty. Header only before the first take.
CsvWriter estimate_history_csv(const ExportData& d);
inline constexpr ColumnSpec estimate_history_columns[] = {
    {"take", ColumnKind::integer}, {"taken_utc", ColumnKind::utc_time}, {"trigger", ColumnKind::text},
    {"counted_since_previous", ColumnKind::integer}, {"contest", ColumnKind::text}, {"contest_name", ColumnKind::text},
    {"district", ColumnKind::integer}, {"district_name", ColumnKind::text}, {"measure", ColumnKind::text},
    {"tag", ColumnKind::text}, {"name", ColumnKind::text}, {"share", ColumnKind::share},
    {"margin95", ColumnKind::share}, {"margin99", ColumnKind::share}, {"low95", ColumnKind::share},
    {"high95", ColumnKind::share}, {"*_percent", ColumnKind::percent}, {"reported", ColumnKind::integer},
    {"sampled", ColumnKind::integer}, {"call", ColumnKind::text}, {"complete_coverage", ColumnKind::integer},
};

inline constexpr ExportTable export_tables[] = {
    {"reports.csv", reports_csv, reports_columns},
    {"messages.csv", messages_csv, messages_columns},
    {"incidents.csv", incidents_csv, incidents_columns},
    {"estimates.csv", estimates_csv, estimates_columns},
    {"missing.csv", missing_csv, missing_columns},
    {"quarantined.csv", quarantined_csv, quarantined_columns},
    {"official.csv", official_csv, official_columns},
    {"station_diff.csv", station_diff_csv, station_diff_columns},
    {"anomalies.csv", anomalies_csv, anomalies_columns},
    {"estimate_history.csv", estimate_history_csv, estimate_history_columns},
    {"queue.csv", queue_csv, queue_columns},
    {"decisions.csv", decisions_csv, decisions_columns},
    {"calls.csv", calls_csv, calls_columns},
};

}  // namespace smsgw::exports
