// The quick count rebuilt from the store outside the daemon: for estimate, status, exports and the console.
#pragma once

#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/store_reader.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace smsgw {

// A read-only connection for a command given --db FILE. Throws std::runtime_error saying what is
// wrong: no such file, not an smsgw database, a schema too old (start the daemon once) or too new.
std::unique_ptr<store::StoreReader> open_store_reader(const std::string& path);

struct StoreCount {
    CodebookInUse codebook;
    QuickCount quick_count;
    CountTally tally;
};

// The codebook in use (codebook_from_reader) and the current reports counted with it, in one read
// snapshot. Throws std::runtime_error (no codebook yet, a codebook with errors, a store error).
StoreCount count_from_store(store::StoreReader& reader);
// The same inside a snapshot the caller already holds (StoreReader::snapshot does not nest), so
// that the count agrees with the caller's other reads.
StoreCount count_in_snapshot(store::StoreReader& reader);

}  // namespace smsgw
