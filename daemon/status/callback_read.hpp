// The call-back list read from the store: the count of the caller's snapshot and each silent station's history.
#pragma once

#include "daemon/status/estimate_from_store.hpp"
#include "daemon/export/callback_list.hpp"

#include <deque>

namespace smsgw {

// Owns the report versions the list's reasons were read from.
struct CallbackRead {
    exports::CallbackList list;
    std::deque<store::StoredReport> versions;
};

// Inside a snapshot of `reader` (StoreReader::snapshot), with `count` read in the same snapshot:
// only the silent stations' histories are read (an indexed query each), not every report version,
// so smsgw watch can afford it at every refresh. Throws std::runtime_error on a store error.
CallbackRead read_callback_list(store::StoreReader& reader, const StoreCount& count);

}  // namespace smsgw
