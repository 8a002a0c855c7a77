// Names of the store's enumerations as written to the database, and its time representation.
#include "daemon/store/records.hpp"

namespace smsgw::store {

std::string_view to_string(MessageState s) {
    switch (s) {
        case MessageState::pending: return "pending";
        case MessageState::processed: return "processed";
    }
    return "?";
}

std::string_view to_string(ReplyStatus s) {
    switch (s) {
        case ReplyStatus::queued: return "queued";
        case ReplyStatus::sending: return "sending";
        case ReplyStatus::sent: return "sent";
        case ReplyStatus::failed: return "failed";
    }
    return "?";
}

std::string_view to_string(ExportStatus s) {
    switch (s) {
        case ExportStatus::running: return "running";
        case ExportStatus::ok: return "ok";
        case ExportStatus::failed: return "failed";
    }
    return "?";
}

std::string_view to_string(EventLevel l) {
    switch (l) {
        case EventLevel::debug: return "debug";
        case EventLevel::info: return "info";
        case EventLevel::warning: return "warning";
        case EventLevel::error: return "error";
    }
    return "?";
}

std::int64_t to_millis(SystemTime t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SystemTime from_millis(std::int64_t ms) {
    return SystemTime(std::chrono::duration_cast<SystemTime::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace smsgw::store
