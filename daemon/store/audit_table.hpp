// The `audit` table (schema 10): the operators' append-only, hash-chained trail of human actions.
#pragma once

#include "daemon/store/audit_records.hpp"
#include "daemon/store/database.hpp"

#include <vector>

namespace smsgw::store {

class AuditTable {
public:
    explicit AuditTable(Database& db);

    // Appends one row at `at` after the current last row, hashed by `hasher`; run inside a write
    // transaction (BEGIN IMMEDIATE), so two writers cannot both chain onto the same row.
    Result<StoredAudit> append(const AuditEntry& entry, SystemTime at, const AuditHasher& hasher);
    // Rows with id > after_id, by id.
    Result<std::vector<StoredAudit>> since(std::int64_t after_id);
    Result<AuditHead> head();

private:
    Database& db_;
    Statement last_, insert_, since_, head_;
};

}  // namespace smsgw::store
