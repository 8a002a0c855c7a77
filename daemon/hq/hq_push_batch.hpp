// One push: the outbox entries after HQ's cursor, inserted and the cursor advanced in one PostgreSQL transaction.
#pragma once

#include "daemon/hq/pg_connection.hpp"
#include "daemon/store/store_reader.hpp"

#include <cstdint>
#include <string>

namespace smsgw::hq {

struct PushOutcome {
    std::string error;          // empty: committed (or nothing to do)
    std::int64_t cursor = 0;    // HQ's cursor after the batch: the last outbox id it holds
    std::int64_t entries = 0;   // outbox entries sent in this batch
    bool more = false;          // the batch was full: push again at once
};

// This database's identity at HQ: the gateway id's rows must all come from one database (a
// restored or new database under the same id would hide its rows behind the old cursor).
std::string database_key(const store::HqPushState& state);

// Reads HQ's cursor for gateway_id (FOR UPDATE: one pusher per gateway at a time), the local
// outbox after it (at most `limit` entries), inserts each row ON CONFLICT DO NOTHING and moves the
// cursor, all in one transaction: a crash or a lost link anywhere leaves HQ as before or as after,
// and a replay inserts nothing twice. The connection is left outside any transaction.
PushOutcome push_batch(PgConnection& pg, store::StoreReader& local, const std::string& gateway_id,
                       const std::string& key, int limit);

}  // namespace smsgw::hq
