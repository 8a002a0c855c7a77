// The modem process's sandbox: descriptors closed, no new privileges, a seccomp allow-list.
#include "daemon/modem/modem_sandbox.hpp"

#include <seccomp.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <dirent.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace smsgw {

namespace {

// What a modem reader does after connecting: read and write the modem and the daemon's socket,
// wait, allocate, run its two threads, list and unlink the dummy driver's files, reap libgammu's
// proxy process on disconnect. Not here, so fatal: exec*, socket, connect, bind, ptrace, mount,
// fork (clone without CLONE_THREAD), and everything else.
constexpr const char* allowed[] = {
    "read", "write", "readv", "writev", "pread64", "pwrite64", "close", "fstat", "newfstatat", "stat", "lstat",
    "statx", "lseek", "poll", "ppoll", "select", "pselect6", "mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait", "rt_sigpending", "sigaltstack", "ioctl", "fcntl", "dup", "openat", "open",
    "getdents64", "unlink", "unlinkat", "access", "faccessat", "faccessat2", "readlink", "futex", "set_robust_list",
    "get_robust_list", "rseq", "nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday",
    "time", "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid", "exit", "exit_group", "tgkill",
    "kill", "wait4", "waitid", "sendmsg", "recvmsg", "sendto", "recvfrom", "shutdown", "sched_yield",
    "sched_getaffinity", "getrandom", "prlimit64", "uname", "sysinfo", "restart_syscall", "tcgetattr", "flock",
    "fsync", "fdatasync", "getcwd", "umask", "membarrier", "set_tid_address",
#ifdef SMSGW_SANITIZE
    // Only in the ASan/UBSan build (.ci/sanitize): UBSan's vptr check asks whether memory is readable
    // by writing it into a pipe, so every virtual call it has not cached yet makes a pipe.
    "pipe2", "pipe",
#endif
};

std::atomic<std::int32_t>* forbidden_note = nullptr;

// SCMP_ACT_TRAP delivers SIGSYS instead of running the call: note which one, then die of it as
// SCMP_ACT_KILL_PROCESS would have (the call itself never ran either way).
void on_sigsys(int, siginfo_t* info, void*) {
    if (forbidden_note && info) forbidden_note->store(info->si_syscall);
    ::raise(SIGSYS);  // SA_RESETHAND made it the default action, SA_NODEFER lets it through now
    std::_Exit(128 + SIGSYS);
}

}  // namespace

std::string syscall_name(int number) {
    char* name = ::seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
    std::string out = name ? name : std::to_string(number);
    std::free(name);
    return out;
}

void close_inherited_fds(std::initializer_list<int> keep) {
    const int top = static_cast<int>(::sysconf(_SC_OPEN_MAX) > 0 ? std::min<long>(::sysconf(_SC_OPEN_MAX), 65536) : 1024);
    for (int fd = 3; fd < top; ++fd)
        if (std::find(keep.begin(), keep.end(), fd) == keep.end()) ::close(fd);
}

void restrict_process() {
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (::getppid() == 1) std::_Exit(0);  // the daemon died before the line above
}

bool enter_sandbox(std::string& error, std::atomic<std::int32_t>* note) {
    forbidden_note = note;
    struct sigaction sa {};
    sa.sa_sigaction = &on_sigsys;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGSYS, &sa, nullptr);
    scmp_filter_ctx ctx = ::seccomp_init(SCMP_ACT_TRAP);
    if (!ctx) {
        error = "seccomp_init failed";
        return false;
    }
    int rc = 0;
    for (const char* name : allowed) {
        const int nr = ::seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) continue;  // not on this architecture
        if ((rc = ::seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0)) < 0) break;
    }
    // Threads only: clone with CLONE_THREAD. clone3 hides its flags in memory the filter cannot
    // read, so it answers ENOSYS and glibc falls back to clone.
    // The comparison spelled out: SCMP_A0() is a C99 compound literal, which is not C++.
    const scmp_arg_cmp thread_only{0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD};
    if (rc >= 0) rc = ::seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1, &thread_only);
    if (rc >= 0) rc = ::seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc >= 0) rc = ::seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc >= 0) rc = ::seccomp_load(ctx);
    ::seccomp_release(ctx);
    if (rc < 0) {
        error = std::string("seccomp: ") + std::strerror(-rc);
        return false;
    }
    return true;
}

void sandbox_selftest() {
    const char* what = std::getenv("SMSGW_MODEM_SELFTEST");
    if (!what) return;
    if (std::strcmp(what, "exec") == 0) {
        char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
        ::execv("/bin/true", argv);
    } else if (std::strcmp(what, "socket") == 0) {
        (void)::socket(AF_INET, SOCK_STREAM, 0);
    }
}

}  // namespace smsgw
