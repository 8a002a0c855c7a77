// The `part` table: every SMS part as delivered, deduplicated by idempotency key, linked to its message.
#pragma once

#include "daemon/ingest/part.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsgw::store {

class PartsTable {
public:
    explicit PartsTable(Database& db);

    // The new row's id, or nullopt when a part with this key is already stored (a redelivery).
    Result<std::optional<std::int64_t>> insert(const ingest::Part& part, std::string_view key, SystemTime stored_at);
    // Parts not yet in any message, oldest first: the multipart linker's state.
    Result<std::vector<ingest::StoredPart>> unlinked();
    // Fails (SQLITE_CONSTRAINT) unless the part exists and belongs to no message yet: a part is
    // consumed by exactly one message, which is what keeps a message from being counted twice.
    Result<void> link(std::int64_t part_id, std::int64_t message_id);
    Result<std::vector<ingest::StoredPart>> of_message(std::int64_t message_id);

private:
    Result<std::vector<ingest::StoredPart>> read_all(Statement& s, std::string_view what);

    Database& db_;
    Statement insert_, unlinked_, link_, of_message_;
};

}  // namespace smsgw::store
