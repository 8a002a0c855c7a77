// fork/exec with redirected output, and wait4 so the child's own peak RSS and CPU time come back with its exit.
#include "bench/e2e/child_process.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace smsgw::bench {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& output) {
    if (argv.empty()) throw std::runtime_error("empty command");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Opened before fork: the child only dup2s and execs (async-signal-safe calls only).
    int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", output, std::strerror(errno)));
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::setpgid(0, 0);  // its own group: a forced stop also ends what it started (fake modems)
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    const int fork_errno = errno;
    if (pid_ > 0) ::setpgid(pid_, pid_);  // both sides, so a stop right after the fork finds the group
    ::close(out);
    if (in >= 0) ::close(in);
    if (pid_ < 0) throw std::runtime_error(fmt::format("cannot fork: {}", std::strerror(fork_errno)));
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
        ::kill(-pid_, SIGKILL);
        reap(0);
    }
}

bool ChildProcess::reap(int options) {
    if (reaped_) return true;
    int status = 0;
    rusage usage{};
    pid_t r;
    do {
        r = ::wait4(pid_, &status, options, &usage);
    } while (r < 0 && errno == EINTR);
    if (r != pid_) return false;
    reaped_ = true;
    exit_.exited = true;
    exit_.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    exit_.peak_rss_kb = usage.ru_maxrss;
    exit_.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    return true;
}

bool ChildProcess::running() { return !reap(WNOHANG); }

long ChildProcess::vm_hwm_kb() const {
    if (reaped_) return 0;
    std::ifstream in(fmt::format("/proc/{}/status", pid_));
    std::string key;
    while (in >> key) {
        if (key == "VmHWM:") {
            long kb = 0;
            in >> kb;
            return kb;
        }
        in.ignore(4096, '\n');
    }
    return 0;
}

ChildExit ChildProcess::stop(int sig, std::chrono::milliseconds grace) {
    if (!reaped_) {
        ::kill(pid_, sig);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        while (!reap(WNOHANG) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (!reaped_) {
            ::kill(-pid_, SIGKILL);
            reap(0);
            exit_.exited = false;
        }
    }
    return exit_;
}

}  // namespace smsgw::bench
