// Runs the configured export command (rsync, curl, ...) once on a finished export, without a shell.
#pragma once

#include "daemon/export/export_timeouts.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace smsgw::exports {

struct CommandOutcome {
    bool ok = false;        // started, exited by itself with status 0 within the timeout
    int exit_code = -1;     // the exit status; -1 if it did not exit normally (signal, timeout, not started)
    int signal = 0;         // the signal that ended it, if any
    bool timed_out = false; // killed after the timeout
    std::string stderr_tail;  // the last stderr_limit bytes it wrote to stderr
    std::string stderr_first; // its first non-empty stderr line (rsync's says why; its last one only "code 23")
    std::string stdout_text;  // what it wrote to stdout, when asked to keep it (at most stdout_limit bytes)
    bool stdout_cut = false;  // stdout was longer than stdout_limit
    std::string error;        // why it failed, one line for the console ("exit 23: rsync: ...")
    std::chrono::milliseconds duration{0};
};

struct CommandLimits {
    std::chrono::milliseconds timeout{export_timers[ExportTimer::command_timeout]};
    std::chrono::milliseconds kill_grace{export_timers[ExportTimer::kill_grace]};  // SIGTERM, then SIGKILL after this
    std::size_t stderr_limit = 4096;
    bool keep_stdout = false;  // else stdout is /dev/null
    // Told the pid (also its process group) once it runs, so another thread can end it early.
    std::function<void(int pid)> started;
    std::size_t stdout_limit = 1 << 20;
};

// Runs argv as given (no argument appended) with posix_spawnp, as run_export_command below does.
// `smsgw push` runs the export and verify commands through it, the daemon runs `smsgw push` with it.
CommandOutcome run_command(const std::vector<std::string>& argv, const CommandLimits& limits);

// Runs argv + [export_path] with posix_spawnp: argv[0] is looked up in PATH, nothing goes through a
// shell. stdin and stdout are /dev/null, stderr is captured; no other descriptor of the daemon is
// inherited. The command runs in its own process group, so a timeout kills what it started too
// (rsync's ssh). Blocks the calling thread up to timeout + kill_grace: call it off the event loop.
// Retrying with backoff is the caller's (see retry_delay).
CommandOutcome run_export_command(const std::vector<std::string>& argv, const std::filesystem::path& export_path,
                                  std::chrono::milliseconds timeout);
CommandOutcome run_export_command(const std::vector<std::string>& argv, const std::filesystem::path& export_path,
                                  const CommandLimits& limits);

// Backoff after `failures` consecutive failures (>= 1): first * 2^(failures-1), at most max.
std::chrono::seconds retry_delay(
    int failures,
    std::chrono::seconds first = std::chrono::duration_cast<std::chrono::seconds>(export_timers[ExportTimer::retry_first]),
    std::chrono::seconds max = std::chrono::duration_cast<std::chrono::seconds>(export_timers[ExportTimer::retry_max]));

}  // namespace smsgw::exports
