// The daemon's one voice about a database it cannot write (disk full, read-only): loud once, then quiet reminders.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/daemon_timeouts.hpp"
#include "daemon/store/result.hpp"
#include "daemon/store/result_codes.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

// Every failed write used to log one ERROR line, i.e. one per modem poll: thousands of lines in a
// night with a full disk. This logs the first failure (with SQLite's extended code and the path),
// then at most one reminder per `reminder_every` with the number of failed attempts, and one line
// when writes succeed again. status() is the text for systemd's STATUS=.
class StoreAlarm {
public:
    StoreAlarm(Logger& log, std::string database_path, MonotonicClock clock = {},
               std::chrono::seconds reminder_every =
                   std::chrono::duration_cast<std::chrono::seconds>(daemon_timeout(DaemonTimer::store_reminder_every)),
               std::chrono::milliseconds lock_grace = daemon_timeout(DaemonTimer::store_lock_grace));

    // A write (`operation`: "storing SMS", "recording a send result", ...) that did not commit.
    void failed(std::string_view operation, const store::StoreError& error);
    // A write that committed. The alarm ends when every kind of write that failed has succeeded
    // since (a kind that has not failed for `reminder_every` no longer holds it up: it may simply
    // not have been tried again).
    void succeeded(std::string_view operation);

    // Another process's lock is a failure only once it has lasted `lock_grace`: an operator's
    // command holds it for milliseconds, and the SMS are simply read again at the next poll.
    bool failing() const { return failing_; }
    bool locked() const { return failing_ && store::is_locked(last_error_.code); }
    long failures() const { return failures_; }  // in the current (or last) episode
    // "" while writes succeed, else e.g. "DATABASE NOT WRITABLE since 21:04:05 UTC: commit: database or
    // disk is full (SQLITE_FULL, extended code 13)", or "DATABASE LOCKED by another process since
    // ...". It changes only when the failure does, so systemd's STATUS= is not resent per failed write.
    std::string status() const;

private:
    SteadyTime now() const { return clock_ ? clock_() : SteadyClock::now(); }

    Logger& log_;
    std::string path_;
    MonotonicClock clock_;
    std::chrono::seconds reminder_every_;
    std::chrono::milliseconds lock_grace_;
    std::optional<SteadyTime> locked_since_;  // the current run of lock failures began
    bool failing_ = false;
    long failures_ = 0;
    long failures_since_reminder_ = 0;
    SteadyTime since_{};
    std::string since_wall_;  // "21:04:05 UTC"
    SteadyTime last_reminder_{};
    store::StoreError last_error_{};
    std::map<std::string, SteadyTime, std::less<>> failing_operations_;  // kind -> its last failure
};

}  // namespace smsgw
