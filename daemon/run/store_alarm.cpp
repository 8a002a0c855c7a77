// Throttled logging of store write failures: one line on entering the failure state, reminders, one on recovery.
#include "daemon/run/store_alarm.hpp"

#include <ctime>

namespace smsgw {

namespace {

std::string with_code(const store::StoreError& e) {
    if (e.message.find("extended code") != std::string::npos) return e.message;
    return fmt::format("{} (SQLite extended code {})", e.message, e.code);
}

std::string wall_clock_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(SystemClock::now());
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    return fmt::format("{:02}:{:02}:{:02} UTC", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

StoreAlarm::StoreAlarm(Logger& log, std::string database_path, MonotonicClock clock, std::chrono::seconds reminder_every,
                       std::chrono::milliseconds lock_grace)
    : log_(log), path_(std::move(database_path)), clock_(std::move(clock)), reminder_every_(reminder_every),
      lock_grace_(lock_grace) {}

void StoreAlarm::failed(std::string_view operation, const store::StoreError& error) {
    const SteadyTime t = now();
    if (!failing_ && store::is_locked(error.code)) {
        if (!locked_since_) locked_since_ = t;
        if (t - *locked_since_ < lock_grace_) return;  // a short lock: the next poll stores it
    }
    last_error_ = error;
    failing_operations_[std::string(operation)] = t;
    if (!failing_) {
        failing_ = true;
        failures_ = 1;
        failures_since_reminder_ = 0;
        since_ = t;
        since_wall_ = wall_clock_now();
        last_reminder_ = t;
        if (store::is_locked(error.code)) {
            log_.error(LogCategory::store,
                       "database {} is locked by another process ({}): {}. SMS stay on the modems and nothing is deleted "
                       "from them until the lock ends; find the program holding it (fuser {}); a reminder follows every {} s",
                       path_, operation, with_code(error), path_, reminder_every_.count());
            return;
        }
        log_.error(LogCategory::store,
                   "database {} cannot be written ({}): {}. SMS stay on the modems and nothing is deleted from them "
                   "until it can; a reminder follows every {} s while this lasts",
                   path_, operation, with_code(error), reminder_every_.count());
        return;
    }
    ++failures_;
    ++failures_since_reminder_;
    if (t - last_reminder_ < reminder_every_) return;
    log_.error(LogCategory::store, "database {} still cannot be written: {} failed attempts in {} s ({} since the last reminder), last ({}): {}",
               path_, failures_, std::chrono::duration_cast<std::chrono::seconds>(t - since_).count(),
               failures_since_reminder_, operation, with_code(error));
    failures_since_reminder_ = 0;
    last_reminder_ = t;
}

void StoreAlarm::succeeded(std::string_view operation) {
    locked_since_.reset();
    if (!failing_) return;
    const SteadyTime t = now();
    if (auto it = failing_operations_.find(operation); it != failing_operations_.end()) failing_operations_.erase(it);
    // A lock is the database's, not an operation's: one write that commits means it has ended.
    if (store::is_locked(last_error_.code)) failing_operations_.clear();
    std::erase_if(failing_operations_, [&](const auto& kv) { return t - kv.second >= reminder_every_; });
    if (!failing_operations_.empty()) return;
    failing_ = false;
    log_.info(LogCategory::store, "database {} can be written again ({} succeeded) after {} s and {} failed attempts", path_,
              operation, std::chrono::duration_cast<std::chrono::seconds>(t - since_).count(), failures_);
}

std::string StoreAlarm::status() const {
    if (!failing_) return "";
    if (store::is_locked(last_error_.code))
        return fmt::format("DATABASE LOCKED by another process since {}: {}", since_wall_, with_code(last_error_));
    return fmt::format("DATABASE NOT WRITABLE since {}: {}", since_wall_, with_code(last_error_));
}

}  // namespace smsgw
