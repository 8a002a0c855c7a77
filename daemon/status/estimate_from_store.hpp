// The quick count rebuilt from the store outside the daemon: for estimate, status, exports and the console.
#pragma once

#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/store_reader.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace smsgw {

// What became of the current reports of results forms when they were counted.
struct CountTally {
    std::size_t counted = 0;        // sampled stations' results, now in the estimates
    std::size_t not_estimated = 0;  // not sampled, or a district without a quick count: stored only
    std::size_t conflicts = 0;      // withheld until the conflict is resolved
    std::size_t rejected = 0;       // never counted
    std::size_t unusable = 0;       // a station this codebook does not know, unreadable or incomplete values
};

// Counts each current report of a results form that is accepted or warning and not in conflict,
// with its stored values: the same rule as the pipeline's rebuild at start-up, so the numbers are
// the daemon's (the aggregator's sums are exact, so the order does not matter). Other forms are
// skipped. `quick_count` should be fresh (or clear()ed).
CountTally count_current_reports(QuickCount& quick_count, const std::vector<store::StoredReport>& current);

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
