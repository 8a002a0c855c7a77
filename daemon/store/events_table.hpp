// The `event` table: the operator-readable log of what happened, appended by the daemon.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <string_view>
#include <vector>

namespace smsgw::store {

class EventsTable {
public:
    explicit EventsTable(Database& db);

    Result<std::int64_t> append(EventLevel level, std::string_view category, std::string_view text, SystemTime at);
    // Events with id > after_id, oldest first, at most `limit` (<= 0: all): a console can tail it.
    Result<std::vector<EventRecord>> since(std::int64_t after_id, int limit);

private:
    Database& db_;
    Statement append_, since_;
};

}  // namespace smsgw::store
