// The values the store takes and returns: parts, messages, report versions, replies, modems, quarantined SIM records, exports, events.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "codebooks/verdict.hpp"
#include "daemon/clock/clock.hpp"
#include "daemon/ingest/assembled_message.hpp"
#include "daemon/ingest/part.hpp"
#include "daemon/store/store_timeouts.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::store {

// ---- parts ---------------------------------------------------------------------------------

enum class PartOutcome : std::uint8_t { stored, duplicate };

// The answer to store_parts(). Once the transaction that produced it has committed (Store::write or
// Store::store_parts returned it without error) every input part, stored AND duplicate, may be
// deleted from the modem. A failed commit returns an error instead, and nothing may be deleted.
struct StoredBatch {
    std::vector<PartOutcome> outcomes{};       // one per input part, same order
    std::vector<ingest::StoredPart> stored{};  // the new parts, in input order: feed them to the linker
    std::size_t duplicates = 0;
    std::vector<int> locations{};  // SIM locations of every input part, to acknowledge
};

// ---- messages ------------------------------------------------------------------------------

enum class MessageState : std::uint8_t { pending, processed };
std::string_view to_string(MessageState);

struct StoredMessage {
    std::int64_t id = 0;
    ingest::AssembledMessage message{};
    SystemTime assembled_at{};
    MessageState state = MessageState::pending;
};

// ---- reports -------------------------------------------------------------------------------

// How a report version arrived (schema 10): texted by the monitor, or read to an operator over the
// phone and entered by `smsgw review ... verify --set`.
enum class Channel : std::uint8_t { sms, phone };

// One version of one report and its verdict. The pipeline serialises the JSON; the store keeps it.
struct ReportRecord {
    std::int64_t message_id = 0;
    std::string form{};     // "" when the form was not understood
    std::string station{};  // "" when no station code was understood
    std::string sender{};   // as received
    Status status = Status::rejected;
    // The pipeline's policy outcome, e.g. "new", "duplicate", "correction", "conflict",
    // "resolution", "unregistered", "rejected". Free text for operators and exports.
    std::string disposition{};
    std::string values_json = "{}";     // {"A":312,"B":148}
    std::string incidents_json = "[]";  // [3,7]
    std::string errors_json = "[]";     // [{"code":"OUT_OF_RANGE","detail":"..."}]
    std::string warnings_json = "[]";
    std::string normalized{};  // canonical text; equal for equal reports
    std::string comment{};
    std::string codebook_version{};
    std::string reference{};  // the reply's help-desk reference, e.g. "4F2A"
    bool current = false;     // counts (unless conflict): the latest accepted version
    bool conflict = false;    // withheld from the count until resolved
    SystemTime created_at{};  // set by the store (the transaction's time)
    Channel channel = Channel::sms;
    std::string operator_name{};  // who entered a phone report; "" for SMS
};

struct StoredReport {
    std::int64_t id = 0;
    int version = 0;  // 1, 2, ... per (form, station), assigned by the store
    std::optional<std::int64_t> superseded_by{};
    ReportRecord record;
};

// ---- replies -------------------------------------------------------------------------------

enum class ReplyStatus : std::uint8_t { queued, sending, sent, failed };
std::string_view to_string(ReplyStatus);

struct ReplyRecord {
    std::optional<std::int64_t> message_id{};
    std::optional<std::int64_t> report_id{};
    std::string destination{};
    std::string text{};
    // 'reply' answers message_id; 'reminder' and 'hq_summary' answer no message (schema 4).
    std::string kind = "reply";
};

struct StoredReply {
    std::int64_t id = 0;
    ReplyRecord record;
    ReplyStatus status = ReplyStatus::queued;
    int attempts = 0;  // sends started
    SystemTime next_try_at{};
    SystemTime created_at{};
    std::string modem;  // the one that sent (or last tried)
    std::optional<int> message_reference{};
    std::string error{};  // the last failure
    std::optional<SystemTime> sent_at{};
};

// One reminder queued: window id (e.g. "R@2026-03-01T22:30"), station and monitor phone are unique.
struct ReminderRecord {
    std::string window{};
    std::string form{};
    std::string station{};
    std::string phone{};  // E.164, as the codebook has it
    std::int64_t reply_id = 0;
    SystemTime queued_at{};  // set by the store (the transaction's time)
};

// Retry schedule for failed sends: delay = min(first * 2^(attempts-1), max), given up after
// max_attempts sends.
struct RetryPolicy {
    std::chrono::seconds first{std::chrono::duration_cast<std::chrono::seconds>(store_timers[StoreTimer::send_retry_first])};
    std::chrono::seconds max{std::chrono::duration_cast<std::chrono::seconds>(store_timers[StoreTimer::send_retry_max])};
    int max_attempts = 6;
};

// ---- modems, exports, events ---------------------------------------------------------------

struct ModemHealthRecord {
    std::string name{};  // config name
    std::string imei{}, imsi{}, operator_name{}, network_state{};
    std::string state;  // the modem worker's state name ("running", "backing_off", ...)
    std::optional<int> signal_percent{};
    std::optional<int> battery_percent{};
    std::string last_error{};
    SystemTime last_seen{};
    // SMS storage in use and its size, SIM and phone memory (GSM_GetSMSStatus); empty while unknown.
    std::optional<int> sim_used{}, sim_size{}, phone_used{}, phone_size{};
    std::string device{};  // the modem's serial device (gammu's `device`), e.g. "/dev/ttyUSB0"
    // Deletes the modem refused (schema 6): in its process's life, locations still refusing, the last one.
    std::int64_t delete_failures = 0;
    int undeletable = 0;
    std::string last_delete_error{};
};

// ---- quarantined SIM records (schema 5) ----------------------------------------------------

// A SIM record the modem could not read, kept as evidence before it is deleted from the SIM.
struct QuarantineRecord {
    std::int64_t id = 0;  // assigned by the store
    std::string modem{}, imei{};
    int location = 0;  // the record's SIM location
    // libgammu's error name ("ERR_CORRUPTED"), or the signal that killed the modem's process
    // while it read the record ("SIGSEGV").
    std::string error{}, reason{};  // reason: human text for operators and HQ
    std::string pdu_hex{};          // the raw record, hex (the store upper-cases it); "" when not captured
    SystemTime detected_at{};       // the epoch (unset): the store's transaction time
};

// What Store::quarantine did: `inserted` is false when the same record (modem, imei, location,
// error, pdu_hex) was already stored, e.g. seen again because the modem process died between the
// commit and the SIM delete; `id` is then the stored row's.
struct QuarantineOutcome {
    std::int64_t id = 0;
    bool inserted = false;
};

enum class ExportStatus : std::uint8_t { running, ok, failed };
std::string_view to_string(ExportStatus);

struct ExportRecord {
    std::int64_t id = 0;
    SystemTime started_at{};
    std::optional<SystemTime> finished_at{};
    std::string path{};
    ExportStatus status = ExportStatus::running;
    std::vector<std::string> files{};
    std::string error{};
};

// One attempt to deliver an export to HQ (schema 7), as `smsgw push` reported it, or as the daemon
// recorded it when no push reported at all. The HQ-link alarm and `status` read these.
struct DeliveryRecord {
    std::int64_t id = 0;
    std::string attempt{};      // unique per attempt (from the push's outcome file): recorded once
    std::string export_name{};  // smsgw-export-...; empty when the attempt concerned no one export
    SystemTime started_at{};
    SystemTime finished_at{};
    bool ok = false;            // the files arrived: the far manifest equals ours
    std::string stage{};        // delivered | transfer | verify | push | no-push
    std::string command{};      // the program that failed (argv[0]), or empty
    std::optional<int> exit_code{};
    std::string detail{};       // what failed (exit code, first stderr line) or what was verified
};

enum class EventLevel : std::uint8_t { debug, info, warning, error };
std::string_view to_string(EventLevel);

struct EventRecord {
    std::int64_t id = 0;  // assigned by the store; ascending
    SystemTime at{};
    EventLevel level = EventLevel::info;
    std::string category{};  // "ingest", "modem", "reply", "export", "operator", ...
    std::string text{};
};

// ---- codebooks ----------------------------------------------------------------------------

// A codebook as the daemon saved it: its files' exact contents, so that commands given only the
// database load the same codebook the daemon runs with. Only loadable codebooks are saved, so
// election.toml, stations.csv and monitors.csv are always present.
struct SavedCodebook {
    std::string version{};  // "tiny-2026@0123456789abcdef" (daemon/codebook_store.hpp)
    CodebookSources sources{};
    SystemTime saved_at{};      // when this version was first saved
    SystemTime in_use_since{};  // when it last became the one in use
};

// ---- read-only summaries (status command) --------------------------------------------------

struct Counts {
    std::int64_t parts = 0;
    std::int64_t unlinked_parts = 0;  // waiting in the multipart linker
    std::int64_t messages_pending = 0;
    std::int64_t messages_processed = 0;
    std::int64_t messages_incomplete = 0;  // released after the timeout or malformed
    std::int64_t reports_accepted = 0;     // all versions
    std::int64_t reports_warning = 0;
    std::int64_t reports_rejected = 0;
    std::int64_t reports_current = 0;
    std::int64_t reports_conflict = 0;  // current versions withheld
    std::int64_t replies_queued = 0;
    std::int64_t replies_sending = 0;
    std::int64_t replies_sent = 0;
    std::int64_t replies_failed = 0;
};

// Report versions with one disposition ("new", "duplicate", "rejected", ...; see ReportRecord).
struct OutcomeCount {
    std::string disposition{};
    std::int64_t reports = 0;
};

// ---- conversions shared by the store's tables ----------------------------------------------

std::int64_t to_millis(SystemTime t);
SystemTime from_millis(std::int64_t ms);

}  // namespace smsgw::store
