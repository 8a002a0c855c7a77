// The operators' queue read from the store in one snapshot: for smsgw queue, status, watch and exports.
#pragma once

#include "daemon/review/decisions.hpp"
#include "daemon/queue/review_queue.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/store_reader.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

// Owns what the items point into.
struct QueueRead {
    std::vector<store::StoredReport> reports;
    review::Decisions decisions;
    std::vector<review::QueueItem> items;
};

// Inside a snapshot of `reader`. Silent sampled stations are items once a reminder went to them,
// or, with `silent_after`, from then on. Throws std::runtime_error on a store error.
QueueRead read_queue(store::StoreReader& reader, const Codebook& codebook,
                     std::optional<SystemTime> silent_after = std::nullopt);

// Items per kind and the oldest item's time, for the console and watch.
struct QueueSummary {
    std::map<review::QueueKind, std::size_t> by_kind;
    std::size_t total = 0;
    std::optional<SystemTime> oldest;
};
QueueSummary summarize(const std::vector<review::QueueItem>& items);
// "queue 7: conflict 1, warning 4, silent 2; oldest 12m" ("queue empty" when there is none).
std::string queue_summary_line(const QueueSummary& summary, SystemTime now);

}  // namespace smsgw
