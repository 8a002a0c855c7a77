// Starting, stopping and killing the daemon under test; reading what it printed.
#include "daemon_process.hpp"

#include "tests/support/wait.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <csignal>

namespace smsgw::e2e {

using namespace smsgw::test;

DaemonProcess::DaemonProcess(std::filesystem::path config, std::filesystem::path console)
    : config_(std::move(config)), console_(std::move(console)) {}

void DaemonProcess::start(const std::vector<std::string>& extra_args) {
    run_offset_ = slurp(console_).size();
    ++starts_;
    ChildProcess::Options o;
    o.stdout_file = console_.string();
    o.run_as = run_as_;
    std::vector<std::string> argv{SMSGW_BINARY, "run", "--config", config_.string()};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_.start(argv, o);
}

bool DaemonProcess::wait_ready(std::chrono::milliseconds timeout) {
    return wait_until(timeout, [&] {
        const std::string c = console_this_run();
        return c.find(" ready\n") != std::string::npos || !process_.running();
    }) && process_.running();
}

std::optional<int> DaemonProcess::terminate(std::chrono::milliseconds timeout) {
    process_.signal(SIGTERM);
    return process_.wait(timeout);
}

void DaemonProcess::kill9() {
    process_.signal(SIGKILL);
    process_.wait(std::chrono::seconds(30));
}

std::string DaemonProcess::console() const { return slurp(console_); }

std::string DaemonProcess::console_this_run() const {
    std::string c = slurp(console_);
    return run_offset_ <= c.size() ? c.substr(run_offset_) : std::string();
}

bool DaemonProcess::wait_console(const std::string& needle, std::chrono::milliseconds timeout) const {
    return wait_until(timeout, [&] { return console_this_run().find(needle) != std::string::npos; });
}

}  // namespace smsgw::e2e
