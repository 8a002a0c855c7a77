// The real `smsgw run --config FILE` as a child process, its console captured to a file across restarts.
#pragma once

#include "tests/support/child_process.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::e2e {

using namespace smsgw::test;

class DaemonProcess {
public:
    DaemonProcess(std::filesystem::path config, std::filesystem::path console);

    // Starts a new run (the previous one must have ended), `smsgw run --config FILE` and `extra_args`
    // (e.g. "--new-count"). The console file is appended to.
    void start(const std::vector<std::string>& extra_args = {});
    // Later runs drop to this uid (and the same gid) before exec, so file permissions apply to root too.
    void run_as(uid_t uid) { run_as_ = uid; }
    // True once this run's console says "ready" (store migrated, modems started).
    bool wait_ready(std::chrono::milliseconds timeout);
    // SIGTERM, then the wait status within `timeout` (nullopt: it did not stop).
    std::optional<int> terminate(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // SIGKILL and reap.
    void kill9();
    bool running() { return process_.running(); }
    ChildProcess& process() { return process_; }
    int starts() const { return starts_; }

    // The whole console, and this run's part of it.
    std::string console() const;
    std::string console_this_run() const;
    // Waits until this run's console contains `needle`.
    bool wait_console(const std::string& needle, std::chrono::milliseconds timeout) const;

private:
    std::filesystem::path config_, console_;
    ChildProcess process_;
    std::size_t run_offset_ = 0;
    int starts_ = 0;
    std::optional<uid_t> run_as_;
};

}  // namespace smsgw::e2e
