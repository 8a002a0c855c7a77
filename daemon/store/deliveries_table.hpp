// The `delivery` table (schema 7): each attempt of `smsgw push` to get exports to HQ, and whether HQ has them.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>

namespace smsgw::store {

class DeliveriesTable {
public:
    explicit DeliveriesTable(Database& db);

    // False when this attempt was recorded before (the same outcome file read again).
    Result<bool> record(const DeliveryRecord& d);
    Result<std::optional<DeliveryRecord>> last();
    Result<std::optional<DeliveryRecord>> last_ok();

private:
    Result<std::optional<DeliveryRecord>> one(Statement& st, const char* what);

    Database& db_;
    Statement insert_, last_, last_ok_;
};

}  // namespace smsgw::store
