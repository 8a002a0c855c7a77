// The columns each kind of row carries to HQ: one list read by the outbox's query and HQ's schema.
#include "daemon/store/hq_rows.hpp"

namespace smsgw::store {

namespace {

// Times are Unix milliseconds as in the gateway's own tables; JSON stays text (as written by the
// pipeline, read back by the same functions at HQ).
constexpr HqColumn codebook_columns[] = {
    {"version", "text"},        {"saved_at", "bigint"},     {"election_toml", "text"},  {"stations_csv", "text"},
    {"monitors_csv", "text"},   {"candidates_csv", "text"}, {"has_candidates", "integer"},
};
constexpr HqColumn message_columns[] = {
    {"modem", "text"},       {"imei", "text"},       {"sender", "text"},        {"smsc_time", "text"},
    {"received_at", "bigint"}, {"concat_ref", "integer"}, {"concat_total", "integer"}, {"text", "text"},
    {"coding", "text"},      {"assembly", "text"},   {"missing_parts", "text"}, {"assembled_at", "bigint"},
};
constexpr HqColumn report_columns[] = {
    {"message_id", "bigint"},   {"form", "text"},          {"station", "text"},       {"sender", "text"},
    {"version", "integer"},     {"status", "text"},        {"disposition", "text"},   {"values_json", "text"},
    {"incidents_json", "text"}, {"errors_json", "text"},   {"warnings_json", "text"}, {"normalized", "text"},
    {"comment", "text"},        {"codebook_version", "text"}, {"reference", "text"},  {"created_at", "bigint"},
    {"channel", "text"},        {"operator", "text"},
};
constexpr HqColumn official_columns[] = {
    {"form", "text"},         {"station", "text"},     {"version", "integer"},      {"values_json", "text"},
    {"imported_at", "bigint"}, {"source_file", "text"}, {"source_sha256", "text"},
};
constexpr HqColumn quarantine_columns[] = {
    {"modem", "text"}, {"imei", "text"},    {"location", "integer"},     {"error", "text"},
    {"reason", "text"}, {"pdu_hex", "text"}, {"detected_at", "bigint"},
};

// The operators' decisions (review, call, resolve, official import, codebook reload), hash chain included,
// so HQ holds what each data centre decided and can check its trail.
constexpr HqColumn decision_columns[] = {
    {"at", "bigint"},     {"operator", "text"}, {"action", "text"}, {"verb", "text"},      {"report_id", "bigint"},
    {"station", "text"},  {"before", "text"},   {"after", "text"},  {"reason", "text"},    {"prev_hash", "text"},
    {"hash", "text"},
};

constexpr HqKind kinds[] = {
    {"codebook", "codebook", "rowid", codebook_columns},
    {"message", "message", "id", message_columns},
    {"report", "report", "id", report_columns},
    {"official", "official", "id", official_columns},
    {"quarantine", "quarantine", "id", quarantine_columns},
    {"decision", "audit", "id", decision_columns},
};

}  // namespace

std::span<const HqKind> hq_kinds() { return kinds; }

}  // namespace smsgw::store
