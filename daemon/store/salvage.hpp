// Copies what can still be read from a damaged smsgw database into a new one (smsgw recover).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw::store {

struct SalvagedTable {
    std::string name;
    std::int64_t rows_copied = 0;
    // Row ids no read could reach (damaged pages): "first..last" ranges, as close as a search finds.
    std::vector<std::pair<std::int64_t, std::int64_t>> unreadable;
    std::string missing;  // non-empty: the table could not be read at all, and why
};

struct SalvageResult {
    int schema_found = 0;  // the damaged file's user_version
    std::vector<SalvagedTable> tables;
    std::vector<std::string> new_file_problems;  // quick_check of the new file: empty when sound
    std::int64_t rows_copied() const;
    bool lost_anything() const;
};

// Debian 12's sqlite3 shell cannot do this (its .recover stops with "SQL logic error", .dump rolls
// back at the first damaged page). This reads each table of `damaged` (opened read-only, never
// changed) in row-id order; at a damaged page it searches for the next readable row id and goes
// on. The rows go into `out`, a new database created with the current schema (identity, version),
// table by table, column by column where both have the column. Throws StoreOpenError when
// `damaged` is not an smsgw database or `out` already exists.
SalvageResult salvage(const std::string& damaged, const std::string& out);

}  // namespace smsgw::store
