// The `reply` table: the outbox, with claims, retries with backoff and the per-sender count for rate limits.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsgw::store {

class OutboxTable {
public:
    explicit OutboxTable(Database& db);

    Result<std::int64_t> enqueue(const ReplyRecord& r, SystemTime now);
    // Up to `limit` queued replies due at `now` become `sending` (attempts + 1), oldest due first.
    Result<std::vector<StoredReply>> claim_due(SystemTime now, int limit);
    Result<void> mark_sent(std::int64_t id, std::string_view modem, std::optional<int> message_reference,
                           SystemTime at);
    // Back to queued with the policy's delay, or failed for good once max_attempts is reached.
    // Returns which of the two.
    Result<ReplyStatus> mark_failed(std::int64_t id, std::string_view modem, std::string_view error, SystemTime now,
                                    const RetryPolicy& policy);
    // After a restart: sends that were under way are queued again (the reply may go out twice,
    // never zero times). Returns how many.
    Result<int> requeue_sending(SystemTime now);
    // Replies to `destination` created at or after `since` (any status): the rate limit's input.
    Result<int> count_since(std::string_view destination, SystemTime since);
    // When the earliest queued reply is due; empty when none is queued.
    Result<std::optional<SystemTime>> next_due();
    Result<std::optional<StoredReply>> get(std::int64_t id);
    // For the status command: replies whose last send failed, given up (failed) or waiting to
    // retry (queued with an error), newest first, at most `limit`.
    Result<std::vector<StoredReply>> with_errors(int limit);
    // When the longest-waiting queued reply was queued; empty when none is queued.
    Result<std::optional<SystemTime>> oldest_queued();

private:
    Database& db_;
    Statement enqueue_, claim_, sent_, failed_, requeue_, count_since_, next_due_, get_, with_errors_, oldest_queued_;
};

}  // namespace smsgw::store
