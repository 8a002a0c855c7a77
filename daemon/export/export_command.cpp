// posix_spawnp with a captured stderr pipe, a deadline, and process-group kill on timeout.
#include "daemon/export/export_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace smsgw::exports {

namespace {

// The child runs in real time whatever a test does with fake time: its deadline is the real clock's.
using RealClock = std::chrono::steady_clock;

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
};

void keep_tail(std::string& tail, const char* data, std::size_t n, std::size_t limit) {
    tail.append(data, n);
    if (tail.size() > limit) tail.erase(0, tail.size() - limit);
}

// Reads what is available without blocking; false at end of file.
bool drain(int fd, std::string& tail, std::size_t limit) {
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            keep_tail(tail, buf, static_cast<std::size_t>(n), limit);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0;  // EAGAIN: open but empty; 0: closed
    }
}

// The last non-empty line, at most `limit` bytes of its end (cut at a UTF-8 character boundary).
std::string last_line(const std::string& s, std::size_t limit = 200) {
    std::size_t end = s.find_last_not_of("\r\n \t");
    if (end == std::string::npos) return "";
    std::size_t nl = s.find_last_of('\n', end);
    std::size_t start = nl == std::string::npos ? 0 : nl + 1;
    if (end + 1 - start > limit) {
        start = end + 1 - limit;
        while (start <= end && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) ++start;
    }
    return s.substr(start, end + 1 - start);
}

// The first non-empty line, at most `limit` bytes (cut at a UTF-8 character boundary).
std::string first_line(const std::string& s, std::size_t limit = 200) {
    std::size_t start = s.find_first_not_of("\r\n \t");
    if (start == std::string::npos) return "";
    std::size_t end = s.find_first_of("\r\n", start);
    std::string line = s.substr(start, (end == std::string::npos ? s.size() : end) - start);
    if (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line.resize(cut);
    }
    return line;
}

}  // namespace

CommandOutcome run_export_command(const std::vector<std::string>& argv, const std::filesystem::path& export_path,
                                  std::chrono::milliseconds timeout) {
    CommandLimits limits;
    limits.timeout = timeout;
    return run_export_command(argv, export_path, limits);
}

CommandOutcome run_export_command(const std::vector<std::string>& argv, const std::filesystem::path& export_path,
                                  const CommandLimits& limits) {
    if (argv.empty() || argv[0].empty()) {
        CommandOutcome out;
        out.error = "no export command configured";
        return out;
    }
    std::vector<std::string> args = argv;
    args.push_back(export_path.string());
    return run_command(args, limits);
}

CommandOutcome run_command(const std::vector<std::string>& argv, const CommandLimits& limits) {
    CommandOutcome out;
    const auto started = RealClock::now();
    if (argv.empty() || argv[0].empty()) {
        out.error = "no command configured";
        return out;
    }
    std::vector<std::string> args = argv;
    std::vector<char*> cargs;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);

    int fds[2], outs[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0 || (limits.keep_stdout && ::pipe2(outs, O_CLOEXEC | O_NONBLOCK) != 0)) {
        out.error = std::string("cannot create a pipe: ") + std::strerror(errno);
        return out;
    }
    Fd read_end{fds[0]}, write_end{fds[1]}, out_read{outs[0]}, out_write{outs[1]};

    SpawnSetup setup;
    posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
    if (limits.keep_stdout) posix_spawn_file_actions_adddup2(&setup.actions, out_write.fd, 1);
    else posix_spawn_file_actions_addopen(&setup.actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&setup.actions, write_end.fd, 2);
    posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);  // modem and database descriptors stay ours
    posix_spawnattr_setpgroup(&setup.attr, 0);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&setup.attr, &none);  // the daemon may block signals for its own handling
    posix_spawnattr_setsigdefault(&setup.attr, &all);
    posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, cargs[0], &setup.actions, &setup.attr, cargs.data(), environ);
    ::close(write_end.fd);
    write_end.fd = -1;
    if (out_write.fd >= 0) ::close(out_write.fd), out_write.fd = -1;
    if (rc != 0) {
        out.error = "cannot run " + argv[0] + ": " + std::strerror(rc);
        out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(RealClock::now() - started);
        return out;
    }
    if (limits.started) limits.started(pid);

    // Wait for the process itself, not for EOF: a grandchild may keep stderr open.
    const auto deadline = started + limits.timeout;
    bool open = true, out_open = limits.keep_stdout, terminated = false;
    std::string head;  // the first stderr_limit bytes, for the first line
    RealClock::time_point kill_at{}, give_up_at = RealClock::time_point::max();
    int status = 0;
    auto read_both = [&] {
        if (open) {
            const std::size_t before = out.stderr_tail.size();
            open = drain(read_end.fd, out.stderr_tail, limits.stderr_limit);
            if (head.size() < limits.stderr_limit && out.stderr_tail.size() > before)
                head += out.stderr_tail.substr(before, limits.stderr_limit - head.size());
        }
        if (out_open) {
            out_open = drain(out_read.fd, out.stdout_text, std::string::npos);
            if (out.stdout_text.size() > limits.stdout_limit) out.stdout_cut = true, out.stdout_text.resize(limits.stdout_limit);
        }
    };
    for (;;) {
        pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            out.error = std::string("waitpid: ") + std::strerror(errno);
            return out;
        }
        const auto now = RealClock::now();
        if (!terminated && now >= deadline) {
            out.timed_out = true;
            terminated = true;
            ::kill(-pid, SIGTERM);
            kill_at = now + limits.kill_grace;
        } else if (terminated && now >= kill_at) {
            ::kill(-pid, SIGKILL);
            kill_at = RealClock::time_point::max();
            give_up_at = now + limits.kill_grace;
        } else if (now >= give_up_at) {
            // Stuck in the kernel (e.g. a hung NFS write): do not block the caller forever.
            out.error = argv[0] + ": timed out and did not exit after SIGKILL";
            out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
            return out;
        }
        // Short waits: the loop must notice the exit, which the pipe does not signal.
        pollfd p[2] = {{read_end.fd, POLLIN, 0}, {out_read.fd, POLLIN, 0}};
        int r = ::poll(p, out_read.fd >= 0 ? 2 : 1, static_cast<int>(export_timers[ExportTimer::output_poll].count()));
        if (r > 0) read_both();
    }
    read_both();
    if (out.timed_out) ::kill(-pid, SIGKILL);  // whatever it left behind in its group
    out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(RealClock::now() - started);
    out.stderr_first = first_line(head);

    if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
    out.ok = !out.timed_out && out.exit_code == 0;
    if (out.ok) return out;
    std::string why = out.timed_out ? "timed out after " + std::to_string(limits.timeout.count()) + " ms"
                      : out.signal    ? "killed by signal " + std::to_string(out.signal)
                                      : "exit " + std::to_string(out.exit_code);
    std::string line = last_line(out.stderr_tail);
    out.error = argv[0] + ": " + why + (line.empty() ? "" : ": " + line);
    return out;
}

std::chrono::seconds retry_delay(int failures, std::chrono::seconds first, std::chrono::seconds max) {
    if (failures < 1) return std::chrono::seconds(0);
    std::chrono::seconds d = first;
    for (int i = 1; i < failures && d < max; ++i) d *= 2;
    return d < max ? d : max;
}

}  // namespace smsgw::exports
