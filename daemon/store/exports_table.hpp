// The `export` table: one row per export run, so status can show the last one and HQ gaps are visible.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsgw::store {

class ExportsTable {
public:
    explicit ExportsTable(Database& db);

    Result<std::int64_t> begin(std::string_view path, SystemTime at);
    Result<void> finish(std::int64_t id, ExportStatus status, const std::vector<std::string>& files,
                        std::string_view error, SystemTime at);
    Result<std::optional<ExportRecord>> last();

private:
    Database& db_;
    Statement begin_, finish_, last_;
};

}  // namespace smsgw::store
