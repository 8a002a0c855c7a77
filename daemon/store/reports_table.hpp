// The `report` table: every version of every report with its verdict, current and conflict flags.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <string_view>
#include <vector>

namespace smsgw::store {

class ReportsTable {
public:
    explicit ReportsTable(Database& db);

    // Stores a version created at `at`; the store numbers it (1 + the highest for its form and station).
    Result<StoredReport> insert(const ReportRecord& r, SystemTime at);
    // The versions of (form, station) marked current, oldest first (more than one only in conflict).
    Result<std::vector<StoredReport>> current(std::string_view form, std::string_view station);
    // Every version of (form, station), oldest first.
    Result<std::vector<StoredReport>> history(std::string_view form, std::string_view station);
    // Every current version of every station: what the aggregator is rebuilt from.
    Result<std::vector<StoredReport>> all_current();
    // Every version with id > after_id, ascending; at most `limit` (<= 0: all). For exports.
    Result<std::vector<StoredReport>> all_versions(std::int64_t after_id, int limit);
    Result<std::vector<StoredReport>> by_reference(std::string_view reference);
    Result<std::vector<StoredReport>> of_message(std::int64_t message_id);
    // `old_id` stops being current and points at `new_id` (a correction, or a resolution).
    Result<void> supersede(std::int64_t old_id, std::int64_t new_id);
    Result<void> set_current(std::int64_t id, bool current);
    Result<void> set_conflict(std::int64_t id, bool conflict);

private:
    Result<std::vector<StoredReport>> read_all(Statement& s, std::string_view what);
    Result<void> update_one(Statement& s, std::string_view what, std::int64_t id, std::int64_t value);

    Database& db_;
    Statement insert_, current_, history_, all_current_, all_versions_, by_reference_, of_message_, supersede_,
        set_current_, set_conflict_;
};

}  // namespace smsgw::store
