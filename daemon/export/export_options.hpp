// What one export is made from and how: options, the codebook, the store snapshot and the quick count.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/clock/clock.hpp"
#include "daemon/export/export_snapshot.hpp"
#include "daemon/official/verify_result.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/review/decisions.hpp"
#include "daemon/queue/review_queue.hpp"

namespace smsgw::exports {

struct ExportOptions {
    bool bom = true;     // UTF-8 byte order mark, so Excel reads the files as UTF-8
    // false: monitors' phone numbers appear only in missing.csv (the call-back list), and
    // quarantined.csv leaves out the raw SIM records (a PDU holds the sender's number).
    bool phones = true;
    int keep = 48;       // export directories kept, newest first, counting the new one; <= 0 keeps all
};

// The inputs of the table builders, all of one moment.
struct ExportData {
    const Codebook& codebook;
    const ExportSnapshot& snapshot;
    const QuickCount& quick_count;
    ExportOptions options;
    SystemTime now;
    // What verify makes of the official rows in the snapshot; null (header-only files) without any.
    const official::VerifyResult* verify = nullptr;
    // The operators' decisions replayed from the snapshot's audit trail, and the queue they leave
    // (null: none, e.g. a test's fixed store without a trail).
    const review::Decisions* decisions = nullptr;
    const std::vector<review::QueueItem>* queue = nullptr;
};

}  // namespace smsgw::exports
