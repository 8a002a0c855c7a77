// The take tables (take, take_target, take_estimate, take_stratum): snapshots of the estimate, written and read whole.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/take_records.hpp"

#include <optional>
#include <vector>

namespace smsgw::store {

class TakesTable {
public:
    explicit TakesTable(Database& db);

    // Inserts the take with all its rows (inside the caller's transaction); returns its number.
    Result<std::int64_t> insert(const Take& take);
    Result<std::optional<LastTake>> last();
    // Every take, oldest first, each with its targets, measures and strata in the order written.
    Result<std::vector<Take>> all();

private:
    Database& db_;
    Statement take_, target_, estimate_, stratum_, last_, all_takes_, all_targets_, all_estimates_, all_strata_;
};

}  // namespace smsgw::store
