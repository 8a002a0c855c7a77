// What the daemon stored, read from outside through a read-only connection (StoreReader and plain SQL).
#pragma once

#include "daemon/store/records.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::test {

// One message with its report and reply (the latest of each) and how many of each there are.
struct MessageRow {
    std::int64_t id = 0;
    std::string sender, smsc_time, text, state, assembly;
    int reports = 0;
    std::string status, form, station, reference, disposition;
    int replies = 0;
    std::string reply_text, reply_status;
};

struct ModemRow {
    std::string state, last_error, imei;
};

class StoreProbe {
public:
    explicit StoreProbe(std::filesystem::path database) : path_(std::move(database)) {}

    bool exists() const;
    // Through StoreReader; nullopt when the database cannot be read (yet).
    std::optional<store::Counts> counts() const;
    std::vector<MessageRow> messages() const;
    std::map<std::string, ModemRow> modems() const;
    // Current reports as comparable lines "FORM STATION status conflict values", sorted.
    std::vector<std::string> current_reports() const;
    // One integer from SQL (0 when the query fails).
    std::int64_t scalar(const std::string& sql) const;
    // The first row's column 0; nullopt when the query fails or returns no row.
    std::optional<std::int64_t> number(const std::string& sql) const;
    // Column 0 of every row, as text.
    std::vector<std::string> column(const std::string& sql) const;

private:
    std::filesystem::path path_;
};

}  // namespace smsgw::test
