// The HQ outbox (schema 11): what HQ's PostgreSQL still lacks, and the push worker's state for status.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::store {

// One outbox entry with its row as a JSON object (local_id and the kind's columns, hq_rows.hpp);
// row is empty when the row is gone (a salvaged database), which HQ then never gets.
struct HqOutboxEntry {
    std::int64_t id = 0;
    std::string kind;
    std::string row;
};

// The push as the gateway last recorded it, and how far behind HQ is by the local outbox.
struct HqPushState {
    std::string gateway_id;
    SystemTime enabled_at{};                // with gateway_id, this database's identity at HQ
    std::int64_t pushed_through = 0;        // the highest outbox id HQ committed, as last heard
    std::optional<SystemTime> pushed_at{};  // when that was heard
    std::string last_error;                 // "" while the link works
    std::optional<SystemTime> failing_since{};
    std::int64_t last_id = 0;                     // the newest outbox entry
    std::int64_t pending = 0;                     // entries after pushed_through
    std::optional<SystemTime> oldest_pending{};  // when the oldest of them was written
};

// What enabling found: the id this database was first pushed under, when it differs.
struct HqEnableOutcome {
    bool first_time = false;         // the outbox was filled with every row written before
    std::string other_gateway_id{};  // non-empty: refused, the database belongs to that id
    std::int64_t backfilled = 0;
};

class HqOutboxTable {
public:
    explicit HqOutboxTable(Database& db);

    // Turns the outbox on under gateway_id (inside the caller's transaction). The first time, every
    // row already written gets its entry, so HQ gets the whole history whenever [hq] was added.
    Result<HqEnableOutcome> enable(const std::string& gateway_id, SystemTime now);
    // Entries after `after_id`, oldest first, at most `limit`, each with its row read now.
    Result<std::vector<HqOutboxEntry>> batch(std::int64_t after_id, int limit);
    // Records what HQ acknowledged (error empty) or why the last attempt failed.
    Result<void> record(std::int64_t pushed_through, SystemTime at, const std::string& error);
    Result<std::optional<HqPushState>> state();

private:
    Database& db_;
    Statement get_, insert_, batch_, ok_, failed_, pending_;
};

}  // namespace smsgw::store
