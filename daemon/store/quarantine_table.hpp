// The `quarantine` table: SIM records the modems could not read, kept once each as evidence for HQ.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <cstdint>
#include <vector>

namespace smsgw::store {

class QuarantineTable {
public:
    explicit QuarantineTable(Database& db);

    // Stores the record (pdu_hex upper-cased; detected_at unset: `now`) unless the same one is
    // already there, in which case the stored row's id comes back with inserted = false.
    Result<QuarantineOutcome> insert(const QuarantineRecord& r, SystemTime now);
    Result<std::int64_t> count();
    Result<std::vector<QuarantineRecord>> all();  // oldest first

private:
    Database& db_;
    Statement insert_, find_, count_, all_;
};

}  // namespace smsgw::store
