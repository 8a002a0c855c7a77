// Every fixed timeout of running an export or push command in one named table, with its default and why.
#pragma once

#include "daemon/clock/timer_table.hpp"

#include <chrono>
#include <cstddef>

namespace smsgw::exports {

enum class ExportTimer : std::size_t {
    command_timeout,
    kill_grace,
    output_poll,
    retry_first,
    retry_max,
    count_
};

inline constexpr TimerTable<ExportTimer> export_timers = {
    {ExportTimer::command_timeout, "command_timeout", std::chrono::minutes(5),
     "an export or push command still running after this long is ended (the caller may ask for another)"},
    {ExportTimer::kill_grace, "kill_grace", std::chrono::seconds(5),
     "after SIGTERM to a command's process group, how long before SIGKILL"},
    {ExportTimer::output_poll, "output_poll", std::chrono::milliseconds(20),
     "longest wait for a command's output before its exit and deadline are looked at again"},
    {ExportTimer::retry_first, "retry_first", std::chrono::seconds(30),
     "wait after the first failed delivery to HQ; doubles with each further failure up to retry_max"},
    {ExportTimer::retry_max, "retry_max", std::chrono::minutes(10),
     "longest wait between delivery attempts while HQ cannot be reached"},
};

}  // namespace smsgw::exports
