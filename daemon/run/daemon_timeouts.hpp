// Every fixed timeout and interval of the daemon's event loop in one named table, with its default and why.
#pragma once

#include "daemon/clock/timer_table.hpp"

#include <chrono>
#include <cstddef>

namespace smsgw {

// The configurable ones are config keys (summary_interval, modem_heartbeat_timeout, ...); these are
// the ones no operator should need to touch. Modelled on osmo-bsc's T_defs, like modem_timeouts.hpp.
enum class DaemonTimer : std::size_t {
    outbox_first,
    outbox_every,
    multipart_slack,
    multipart_min,
    multipart_max,
    stop_poll,
    stop_abort_after,
    stop_give_up_after,
    modem_retire_poll,
    modem_retire_abort_after,
    modem_alarm_every,
    store_reminder_every,
    store_lock_grace,
    decision_poll,
    push_poll,
    push_timeout_min,
    count_
};

inline constexpr TimerTable<DaemonTimer> daemon_timers = {
    {DaemonTimer::outbox_first, "outbox_first", std::chrono::milliseconds(200),
     "first look at the outbox after start (replies queued before a restart, reminders missed)"},
    {DaemonTimer::outbox_every, "outbox_every", std::chrono::milliseconds(500),
     "how often the outbox is looked at besides after each batch and send result (retries fall due)"},
    {DaemonTimer::multipart_slack, "multipart_slack", std::chrono::milliseconds(10),
     "added to the next multipart deadline, so the group is surely due when the timer fires"},
    {DaemonTimer::multipart_min, "multipart_min", std::chrono::milliseconds(10),
     "shortest wait of the multipart timer, so a deadline in the past does not spin the loop"},
    {DaemonTimer::multipart_max, "multipart_max", std::chrono::milliseconds(1000),
     "longest wait of the multipart timer: it also records the take updates of the count"},
    {DaemonTimer::stop_poll, "stop_poll", std::chrono::milliseconds(20),
     "on stop, how often the modems are asked whether they have let go"},
    {DaemonTimer::stop_abort_after, "stop_abort_after", std::chrono::milliseconds(5000),
     "on stop, a modem process still inside a libgammu call after this long is killed"},
    {DaemonTimer::stop_give_up_after, "stop_give_up_after", std::chrono::milliseconds(20000),
     "on stop, the daemon exits without modems that still have not stopped (everything received is committed)"},
    {DaemonTimer::modem_retire_poll, "modem_retire_poll", std::chrono::milliseconds(20),
     "how often a modem a reload stopped is asked whether it has let go of its device"},
    {DaemonTimer::modem_retire_abort_after, "modem_retire_abort_after", std::chrono::milliseconds(10000),
     "a modem a reload stopped that has not let go after this long is inside a libgammu call: killed"},
    {DaemonTimer::modem_alarm_every, "modem_alarm_every", std::chrono::milliseconds(10000),
     "how often the modems' stall alarms (no SMS for modem_stall_after) are checked"},
    {DaemonTimer::store_reminder_every, "store_reminder_every", std::chrono::seconds(60),
     "while the database cannot be written, how often the console is reminded (with the failed attempts)"},
    {DaemonTimer::store_lock_grace, "store_lock_grace", std::chrono::milliseconds(3000),
     "another process's lock counts as a failure only after this long (an operator's command holds it briefly)"},
    {DaemonTimer::decision_poll, "decision_poll", std::chrono::milliseconds(250),
     "how often the database is asked whether `smsgw review` recorded a decision the count must take in"},
    {DaemonTimer::push_poll, "push_poll", std::chrono::seconds(2),
     "how often the push directory is read for what `smsgw push` reported"},
    {DaemonTimer::push_timeout_min, "push_timeout_min", std::chrono::minutes(10),
     "shortest time one `smsgw push` run may take (else four push_timeouts): it may deliver several exports"},
};

constexpr std::chrono::milliseconds daemon_timeout(DaemonTimer t) { return daemon_timers[t]; }

}  // namespace smsgw
