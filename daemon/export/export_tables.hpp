// The CSV files of an export, each built from one ExportData (columns documented at each function).
#pragma once

#include "daemon/export/csv_writer.hpp"
#include "daemon/export/export_options.hpp"

namespace smsgw::exports {

// reports.csv — one row per current report (conflicting versions included, flagged), ordered by
// form (codebook order), station, id. Columns: report_id, form, form_name, station, station_name,
// region, region_name, district, district_name, registered, stratum, sampled, status, disposition,
// conflict (1 = withheld from the count), version, versions (stored versions of this form and
// station), warnings (codes), received_utc, recorded_utc, [sender unless privacy], monitor_name,
// reference, comment, codebook_version; then one column per field of every checklist and results
// form, "<form>_<tag>" (time fields HH:MM, others the integer code), and "<form>_codes" per incident
// form ("1;3").
CsvWriter reports_csv(const ExportData& d);

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

// incidents.csv — one row per incident report (every version that was not rejected and is not a
// resent duplicate), by arrival. Columns: report_id, reference, received_utc, form, station,
// station_name, region, region_name, district, district_name, registered, stratum, sampled, codes
// ("1;3"), labels ("Ballot stuffing; Voters turned away"), comment, monitor_name,
// [monitor_phone unless privacy], status, warnings.
CsvWriter incidents_csv(const ExportData& d);

// estimates.csv — per contest (and district), one row per option, then turnout, invalid and lead.
// Columns: contest, contest_name, district, district_name, measure (option | turnout | invalid |
// lead), tag, name, share, margin95, margin99, low95, high95 (fractions: 0.495412),
// share_percent, margin95_percent, margin99_percent, low95_percent, high95_percent (percent:
// 49.54), reported, sampled, reported_percent, call, complete_coverage, notes. Numbers that cannot
// be estimated (no data) are empty.
CsvWriter estimates_csv(const ExportData& d);

// missing.csv — the call-back list: per contest (and district) the sampled stations whose results
// do not count yet, the least reported regions first (callback_list.hpp), one row per station and
// monitor (stations without a monitor: one row).
// Monitors' phones are ALWAYS here, privacy or not: operators need them to call. Coordinators
// ("*") are left out. Columns: contest, form, station, station_name, region, region_name, district,
// district_name, registered, stratum, sampled, reason (no report | rejected | conflict | not
// counted), monitor_name, monitor_phone, monitor_language, monitor_role (station | district team).
CsvWriter missing_csv(const ExportData& d);

// quarantined.csv — the SIM records a modem could not read (libgammu failed on them, or reading
// them killed the modem's process), stored and then deleted from the SIM: forensic evidence, a
// burst of them suggests an attack. Oldest first; header only when there are none. Columns: id,
// modem, imei, location (on the SIM), error (ERR_CORRUPTED, SIGSEGV, ...), reason, [pdu_hex unless
// privacy: the raw record in upper-case hex, empty when it could not be captured], detected_at.
CsvWriter quarantined_csv(const ExportData& d);

// official.csv — smsgw verify's verdicts: per contest (and district) and, for national contests, per
// region, one row per measure. Columns: contest, contest_name, district, region ("" for the whole
// contest), region_name, measure (option | turnout | invalid), tag, name, official, estimate, low95,
// high95, low99, high99 (fractions; estimate and bounds empty without one), verdict (inside95 |
// inside99 | outside | no_estimate), official_coverage, official_call, pvt_call, calls_agree (1 | 0).
// Header only when no official results are imported.
CsvWriter official_csv(const ExportData& d);

// station_diff.csv — each station with a counted monitor's report of a form that has official rows,
// ranked by the votes moved between options. Columns: rank, station, station_name, region, form,
// status (differs | official_missing | match), shift (votes), differences ("A 500->560; B 400->340",
// monitor then official, "-" for a value on one side only), report_id. Header only without official results.
CsvWriter station_diff_csv(const ExportData& d);

// anomalies.csv — the call list: reasons to phone and check, not findings. Columns: station,
// station_name, region, stratum, source (observer | official), screen (turnout_over_100 |
// turnout_high | invalid_outlier | share_outlier | round_turnout | identical_results), detail,
// values ("turnout=1.04; cast=2660; ..."). Header only without official results.
CsvWriter anomalies_csv(const ExportData& d);
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

}  // namespace smsgw::exports
