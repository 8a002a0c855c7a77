// posix_spawn with file redirections; a fork/exec path only to drop privileges for permission tests.
#include "tests/support/child_process.hpp"

#include "tests/support/files.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <filesystem>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace smsgw::test {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
    out.push_back(nullptr);
    return out;
}

}  // namespace

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !status_) {
        ::kill(pid_, SIGKILL);
        int st = 0;
        ::waitpid(pid_, &st, 0);
    }
}

void ChildProcess::start(const std::vector<std::string>& argv, const Options& options) {
    if (pid_ > 0 && !status_) throw std::runtime_error("child already running");
    status_.reset();
    const std::string out = options.stdout_file.empty() ? "/dev/null" : options.stdout_file;
    auto args = c_argv(argv);
    if (options.run_as) {
        // posix_spawn cannot change the uid: fork, drop privileges, redirect, exec.
        pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            int in = ::open(options.stdin_file.c_str(), O_RDONLY);
            int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
            if (in < 0 || o < 0) ::_exit(126);
            ::dup2(in, 0);
            ::dup2(o, 1);
            if (options.stderr_to_stdout) ::dup2(o, 2);
            else if (!options.stderr_file.empty()) {
                int e = ::open(options.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
                if (e < 0) ::_exit(126);
                ::dup2(e, 2);
            }
            if (!options.working_directory.empty() && ::chdir(options.working_directory.c_str()) != 0) ::_exit(126);
            if (::setgroups(0, nullptr) != 0 || ::setgid(*options.run_as) != 0 || ::setuid(*options.run_as) != 0) ::_exit(126);
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
        pid_ = pid;
        return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, options.stdin_file.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (options.stderr_to_stdout) posix_spawn_file_actions_adddup2(&fa, 1, 2);
    else if (!options.stderr_file.empty())
        posix_spawn_file_actions_addopen(&fa, 2, options.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
    // After the opens, so relative file names are this process's; glibc 2.29 and later.
    if (!options.working_directory.empty())
        posix_spawn_file_actions_addchdir_np(&fa, options.working_directory.c_str());
    pid_t pid = -1;
    int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("posix_spawnp " + argv[0] + ": " + std::strerror(rc));
    pid_ = pid;
}

bool ChildProcess::running() { return pid_ > 0 && !wait(std::chrono::milliseconds(0)).has_value(); }

void ChildProcess::signal(int sig) const {
    if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (status_ || pid_ <= 0) return status_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int st = 0;
        pid_t r = ::waitpid(pid_, &st, WNOHANG);
        if (r == pid_) {
            status_ = st;
            return status_;
        }
        if (r < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

bool CommandResult::exited_ok() const { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

int CommandResult::exit_code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input, std::chrono::milliseconds timeout,
                          bool merge_stderr, const std::string& working_directory) {
    // Files rather than pipes: no deadlock whatever the sizes, and nothing to multiplex.
    char tmpl[] = "/tmp/smsgw-cmd-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
    const std::filesystem::path dir = tmpl;
    write_file(dir / "in", input);
    CommandResult result;
    {
        ChildProcess child;
        ChildProcess::Options o;
        o.stdin_file = (dir / "in").string();
        o.stdout_file = (dir / "out").string();
        o.stderr_to_stdout = merge_stderr;
        if (!merge_stderr) o.stderr_file = (dir / "err").string();
        o.working_directory = working_directory;
        child.start(argv, o);
        auto st = child.wait(timeout);
        if (!st) {
            child.signal(SIGKILL);
            st = child.wait(std::chrono::seconds(10));
        }
        result.status = st.value_or(-1);
        result.out = slurp(dir / "out");
        result.err = slurp(dir / "err");
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return result;
}

std::string describe_status(std::optional<int> status) {
    if (!status) return "still running";
    if (WIFEXITED(*status)) return "exit " + std::to_string(WEXITSTATUS(*status));
    if (WIFSIGNALED(*status)) return "signal " + std::to_string(WTERMSIG(*status)) + " (" + strsignal(WTERMSIG(*status)) + ")";
    return "status " + std::to_string(*status);
}

}  // namespace smsgw::test
