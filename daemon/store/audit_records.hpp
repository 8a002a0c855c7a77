// The rows of the operators' audit trail (schema 10): one per human action, hash-chained.
#pragma once

#include "daemon/store/records.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace smsgw::store {

// What an operator did. action: review | call | resolve | official-import | codebook-reload.
// verb: for review verify, reject, quarantine, release, note, confirm, escalate, correct (a phone
// correction); for call the outcome (reached, no-answer, ...). before/after: the values or state
// before and after, as text an auditor reads ({"A":312}, "counted", "withheld").
struct AuditEntry {
    std::string operator_name{};
    std::string action{};
    std::string verb{};
    std::optional<std::int64_t> report_id{};
    std::string station{};
    std::string before{};
    std::string after{};
    std::string reason{};
};

struct StoredAudit {
    std::int64_t id = 0;
    SystemTime at{};
    AuditEntry entry{};
    std::string prev_hash{};  // the hash of the row before; "" for the first row
    std::string hash{};       // SHA-256 hex over this row's content and prev_hash
};

// Computes a row's hash from everything but its hash (daemon/audit/audit_chain.hpp): the store
// numbers and times the row, then asks for its hash, so a row is chained inside the transaction
// that appends it.
using AuditHasher = std::function<std::string(const StoredAudit&)>;

// The chain's end as sqlite_sequence remembers it: the highest id ever appended (0 for none).
struct AuditHead {
    std::int64_t rows = 0;
    std::int64_t last_id = 0;      // the highest id present
    std::int64_t highest_ever = 0; // sqlite_sequence: larger than last_id when newest rows were deleted
    std::string hash{};            // the last row's hash, "" when there is none
};

}  // namespace smsgw::store
