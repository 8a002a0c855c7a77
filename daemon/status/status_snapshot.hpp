// What smsgw status and smsgw watch show, read from the store in one read transaction.
#pragma once

#include "daemon/status/callback_read.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/status/queue_read.hpp"
#include "daemon/notify/time_zone.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/store_reader.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

// A modem whose health was not written for this long is shown as stale: the daemon writes it on
// every state change and every 30 s (modem_timeouts.hpp health_interval), so three missed beats.
inline constexpr std::chrono::seconds modem_stale_after{90};

struct StatusReadOptions {
    bool callback = false;  // also the call-back list (the silent stations' histories)
};

struct StatusSnapshot {
    SystemTime now{};
    std::string path;  // the database file, as given
    int schema_version = 0;
    std::optional<store::SavedCodebook> codebook;  // sources left empty
    std::optional<StoreCount> count;               // empty (and a problem says why) without a codebook
    std::vector<std::string> problems;
    std::vector<store::ModemHealthRecord> modems;
    store::Counts counts;
    std::vector<store::OutcomeCount> outcomes;
    std::vector<store::OutgoingCount> outgoing;  // by kind and status
    std::vector<store::StoredReply> reply_errors;
    std::optional<SystemTime> oldest_queued;
    std::optional<store::ExportRecord> last_export;
    // Delivery to HQ (smsgw push, schema 7): the last attempt, the last one verified, and since when
    // nothing reaches HQ (the HQ-link alarm's clock; empty while deliveries arrive).
    std::optional<store::DeliveryRecord> last_delivery;
    std::optional<store::DeliveryRecord> last_delivered;
    std::optional<SystemTime> hq_failing_since;
    std::int64_t messages_last_5min = 0;  // assembled in the last 5 and 15 minutes
    std::int64_t messages_last_15min = 0;
    std::optional<store::HqPushState> hq_push;  // [hq]: how far HQ's PostgreSQL is behind; empty without it
    std::int64_t quarantined = 0;  // SIM records the modems could not read (kept for quarantined.csv)
    std::optional<CallbackRead> callback;  // read only when asked for (watch), and only with a count
    std::optional<QueueSummary> queue;     // the operators' queue (smsgw queue) by kind, with a codebook
    // The election's time zone (the codebook's): times for people are its local time. UTC until a
    // codebook is known, or when its zone cannot be read (a problem says so).
    notify::TimeZone zone;

    // "2026-03-01 20:15:03 +05:00": the one time base of status, watch and the console.
    std::string time_text(SystemTime t) const { return notify::local_time_text(zone, t); }

    // Reads everything in one snapshot of `reader` (never blocking a writer: WAL, read-only).
    // Throws std::runtime_error when the store cannot be read.
    static StatusSnapshot read(store::StoreReader& reader, const std::string& path,
                               SystemTime now = std::chrono::system_clock::now(), StatusReadOptions options = {});

    bool modem_stale(const store::ModemHealthRecord& m) const { return now - m.last_seen > modem_stale_after; }
    double per_minute_5() const { return messages_last_5min / 5.0; }
    double per_minute_15() const { return messages_last_15min / 15.0; }
};

// SMS storage this full (percent of its size) is flagged: a full SIM takes no more SMS, and the
// network holds them back until room is made.
inline constexpr int sms_storage_warn_percent = 80;

// Recent send failures shown (given up, or queued to retry), newest first.
inline constexpr int status_reply_errors_shown = 5;

}  // namespace smsgw
