// The audit trail's hash chain: how a row is hashed and appended, and how the chain is checked.
#pragma once

#include "daemon/store/audit_records.hpp"
#include "daemon/store/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::store {
class Transaction;
}

namespace smsgw::audit {

// SHA-256 (hex) over the row's id, time (milliseconds), every field of its entry and prev_hash,
// each length-prefixed so that no two different rows hash the same text.
std::string row_hash(const store::StoredAudit& row);

// Appends one human action to the trail inside the caller's transaction, chained to the last row.
store::Result<store::StoredAudit> append(store::Transaction& tx, const store::AuditEntry& entry);

// What `smsgw audit verify` found.
struct ChainCheck {
    std::int64_t rows = 0;
    std::string head;                         // the last row's hash as stored
    std::optional<std::int64_t> first_bad;    // the first row that does not check out
    std::string problem;                      // what is wrong with it, for the operator
    std::vector<std::string> warnings;        // e.g. the append-only triggers were removed
    bool ok() const { return !first_bad && problem.empty(); }
};

// Recomputes the chain over `rows` (by id): an edited row no longer matches its hash; a deleted
// row leaves a gap in the ids and breaks the next row's link; a moved row links to the wrong
// predecessor; deleted newest rows leave `head.highest_ever` beyond the last id.
ChainCheck verify_chain(const std::vector<store::StoredAudit>& rows, const store::AuditHead& head);

// The operator to name when --by is not given: the Unix user running the command (the one who
// ran sudo, when run through sudo).
std::string default_operator();

}  // namespace smsgw::audit
