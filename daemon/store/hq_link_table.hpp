// What the store remembers of the link to HQ: since when exports fail, when HQ last got an SMS summary.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>

namespace smsgw::store {

// Read at start, so a restart neither forgets that the link has been down for a while nor texts HQ
// again sooner than once per interval.
class HqLinkTable {
public:
    explicit HqLinkTable(Database& db);

    // The start of the first failure (an export not written, a delivery not verified) after the
    // last verified delivery; empty when the last attempt succeeded or there was none.
    Result<std::optional<SystemTime>> failing_since();
    // When the last SMS summary to HQ was queued; empty when never.
    Result<std::optional<SystemTime>> last_summary();

private:
    Database& db_;
    Statement failing_since_, last_summary_;
};

}  // namespace smsgw::store
