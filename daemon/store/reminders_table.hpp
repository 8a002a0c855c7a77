// The `reminder` table: which monitors were reminded of which window, so a window texts each once.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smsgw::store {

class RemindersTable {
public:
    explicit RemindersTable(Database& db);

    // Fails (SQLITE_CONSTRAINT) when the window already reminded this station's monitor: the
    // caller checks of_window() first, so a failure means a bug, and the transaction rolls back.
    Result<std::int64_t> insert(const ReminderRecord& r, SystemTime now);
    Result<std::vector<ReminderRecord>> of_window(std::string_view window);
    // Stations with a current accepted or warning report of `form` (a conflict counts: the
    // monitor did report), sorted: the ones not to remind.
    Result<std::vector<std::string>> reported_stations(std::string_view form);
    // When the daemon first ran on this database (its first codebook was saved); empty when never.
    Result<std::optional<SystemTime>> first_start();
    // Per station reminded, when it was first reminded: since then its report is overdue.
    Result<std::vector<std::pair<std::string, SystemTime>>> first_reminders();

private:
    Database& db_;
    Statement insert_, of_window_, reported_, first_start_, first_reminders_;
};

}  // namespace smsgw::store
