// The `official` table (schema 7): a commission's per-station results, every imported version kept.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/official_records.hpp"

#include <span>
#include <vector>

namespace smsgw::store {

class OfficialTable {
public:
    explicit OfficialTable(Database& db);

    // Per entry: a new station gets version 1; a station whose current values differ gets the next
    // version and its earlier one stops being current; the same values again write nothing. Run
    // inside a write transaction, so a failure leaves every earlier row as it was.
    Result<OfficialImportOutcome> import(const OfficialSource& source, std::span<const OfficialEntry> entries,
                                         SystemTime now);
    Result<std::vector<StoredOfficial>> current();  // by form, station
    Result<std::vector<StoredOfficial>> history(const std::string& form, const std::string& station);  // oldest first
    Result<std::int64_t> current_count();

private:
    Result<std::vector<StoredOfficial>> rows(Statement& s, const char* what);

    Database& db_;
    Statement current_of_form_, retire_, insert_, current_, history_, count_;
};

}  // namespace smsgw::store
