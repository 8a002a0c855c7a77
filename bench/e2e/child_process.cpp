// fork/exec with redirected output, wait4 for its exit (peak RSS, CPU time), and /proc for it and its descendants while it runs.
#include "bench/e2e/child_process.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <csignal>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
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

namespace {

namespace fs = std::filesystem;

// "VmHWM:" -> kB from /proc/PID/status (or smaps_rollup for "Pss:"); 0 when absent.
long proc_kb(pid_t pid, const char* file, const std::string& wanted) {
    std::ifstream in(fmt::format("/proc/{}/{}", pid, file));
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(wanted, 0) == 0) return std::atol(line.c_str() + wanted.size());
    return 0;
}

struct Stat {
    pid_t ppid = 0;
    double cpu_seconds = 0;
};

// /proc/PID/stat: the name may hold spaces and parentheses, the fields start after the last ')'.
bool read_stat(pid_t pid, Stat& st) {
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (!std::getline(in, line)) return false;
    const auto close = line.rfind(')');
    if (close == std::string::npos) return false;
    std::istringstream fields(line.substr(close + 1));
    std::string f[13];  // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    for (auto& x : f) fields >> x;
    if (!fields) return false;
    st.ppid = static_cast<pid_t>(std::atol(f[1].c_str()));
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    st.cpu_seconds = static_cast<double>(std::atoll(f[11].c_str()) + std::atoll(f[12].c_str())) / tick;
    return true;
}

std::vector<pid_t> children_of(pid_t pid, bool& have_children_files) {
    std::vector<pid_t> out;
    std::error_code ec;
    const fs::path tasks = fmt::format("/proc/{}/task", pid);
    for (fs::directory_iterator it(tasks, ec), end; !ec && it != end; it.increment(ec)) {
        std::ifstream in(it->path() / "children");
        if (!in) {
            // CONFIG_PROC_CHILDREN is off on some kernels (this machine's): scan the parents instead.
            if (!fs::exists(it->path() / "children")) have_children_files = false;
            continue;
        }
        long child = 0;
        while (in >> child) out.push_back(static_cast<pid_t>(child));
    }
    return out;
}

std::vector<pid_t> descendants(pid_t root) {
    bool have_children_files = true;
    std::vector<pid_t> out;
    std::deque<pid_t> todo{root};
    while (!todo.empty() && have_children_files) {
        const pid_t p = todo.front();
        todo.pop_front();
        for (pid_t c : children_of(p, have_children_files)) {
            out.push_back(c);
            todo.push_back(c);
        }
    }
    if (have_children_files) return out;
    out.clear();
    std::multimap<pid_t, pid_t> by_parent;
    std::error_code ec;
    for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        Stat st;
        const pid_t pid = static_cast<pid_t>(std::atol(name.c_str()));
        if (read_stat(pid, st)) by_parent.emplace(st.ppid, pid);
    }
    todo = {root};
    while (!todo.empty()) {
        const pid_t p = todo.front();
        todo.pop_front();
        for (auto [it, end] = by_parent.equal_range(p); it != end; ++it) {
            out.push_back(it->second);
            todo.push_back(it->second);
        }
    }
    return out;
}

std::string exe_of(pid_t pid) {
    std::error_code ec;
    return fs::read_symlink(fmt::format("/proc/{}/exe", pid), ec).string();
}

std::string cmdline_of(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (char& c : s)
        if (c == '\0') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

}  // namespace

TreeMemory sample_tree(pid_t root) {
    TreeMemory t;
    const std::string exe = exe_of(root);
    t.own_hwm_kb = proc_kb(root, "status", "VmHWM:");
    t.own_rss_kb = proc_kb(root, "status", "VmRSS:");
    if (!t.own_hwm_kb) return {};
    t.processes = 1;
    t.total_hwm_kb = t.own_hwm_kb;
    t.total_rss_kb = t.own_rss_kb;
    t.total_pss_kb = proc_kb(root, "smaps_rollup", "Pss:");
    for (pid_t p : descendants(root)) {
        if (exe.empty() || exe_of(p) != exe) {
            const std::string c = cmdline_of(p);
            if (!c.empty()) t.others.push_back(fmt::format("{} ({})", c, p));
            continue;
        }
        const long hwm = proc_kb(p, "status", "VmHWM:");
        if (!hwm) continue;  // gone meanwhile, or a zombie
        ++t.processes;
        t.total_hwm_kb += hwm;
        t.total_rss_kb += proc_kb(p, "status", "VmRSS:");
        t.total_pss_kb += proc_kb(p, "smaps_rollup", "Pss:");
        t.descendants_anon_kb += proc_kb(p, "status", "RssAnon:");
        t.descendants_file_kb += proc_kb(p, "status", "RssFile:");
        Stat st;
        if (read_stat(p, st)) t.descendants_cpu_seconds += st.cpu_seconds;
    }
    return t;
}

TreeMemory ChildProcess::tree() const { return reaped_ ? TreeMemory{} : sample_tree(pid_); }

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
