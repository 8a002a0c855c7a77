// The `message` table: assembled messages and whether the pipeline has processed them yet.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <vector>

namespace smsgw::store {

class MessagesTable {
public:
    explicit MessagesTable(Database& db);

    // A new pending message (its parts are linked separately, in the same transaction).
    Result<std::int64_t> insert(const ingest::AssembledMessage& m, SystemTime assembled_at);
    // Stored but not yet processed, oldest first; at most `limit` (<= 0: all).
    Result<std::vector<StoredMessage>> pending(int limit);
    Result<void> mark_processed(std::int64_t id, SystemTime at);
    Result<std::optional<StoredMessage>> get(std::int64_t id);

private:
    Database& db_;
    Statement insert_, pending_, processed_, get_;
};

}  // namespace smsgw::store
