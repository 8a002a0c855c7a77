// The `modem` table: the latest health and SMS storage of each modem, for the status command and the console.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <vector>

namespace smsgw::store {

class ModemsTable {
public:
    explicit ModemsTable(Database& db);

    Result<void> upsert(const ModemHealthRecord& m);
    Result<std::vector<ModemHealthRecord>> all();  // by name

private:
    Database& db_;
    Statement upsert_, all_;
};

}  // namespace smsgw::store
