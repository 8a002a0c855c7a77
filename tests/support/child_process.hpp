// A child process started with posix_spawn from an argv (never a shell): stdin/stdout/stderr to files, signalled, killed and reaped on destruction.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace smsgw::test {

class ChildProcess {
public:
    struct Options {
        std::string stdin_file = "/dev/null";
        std::string stdout_file;  // appended to; empty: /dev/null
        bool stderr_to_stdout = true;
        std::string stderr_file;  // appended to when not merged into stdout; empty: this process's stderr
        std::optional<uid_t> run_as;  // drop to this uid/gid (only when we are root)
        // The child's working directory (the files above are opened before it changes there);
        // empty: this process's.
        std::string working_directory;
    };

    ChildProcess() = default;
    // Kills (SIGKILL) and reaps a child still running.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Throws std::runtime_error when it cannot start.
    void start(const std::vector<std::string>& argv, const Options& options);
    bool running();
    pid_t pid() const { return pid_; }
    void signal(int sig) const;
    // The wait status once it ended within `timeout`, nullopt if it still runs.
    std::optional<int> wait(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

struct CommandResult {
    int status = -1;  // wait status
    std::string out;  // stdout (and stderr when merged)
    std::string err;  // stderr when not merged
    bool exited_ok() const;
    // The exit code, or -1 when it was killed by a signal (or timed out).
    int exit_code() const;
};

// Runs argv to completion (killed after `timeout`), stdin from `input`, stdout and stderr captured,
// in `working_directory` (empty: this process's). argv[0] without a slash is searched in PATH, as a
// shell would.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(60), bool merge_stderr = false,
                          const std::string& working_directory = {});

// "exit 0", "exit 1", "signal 9 (Killed)", "still running".
std::string describe_status(std::optional<int> status);

}  // namespace smsgw::test
