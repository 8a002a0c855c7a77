// The least a modem's process needs: no inherited descriptors, no new privileges, and a seccomp
// allow-list that kills the process on exec, new sockets, ptrace, mount and the like.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace smsgw {

// Closes every descriptor but these (the socket to the daemon, the probe, stdin/out/err).
void close_inherited_fds(std::initializer_list<int> keep);

// PR_SET_NO_NEW_PRIVS and the parent-death signal: a process whose daemon died does not linger.
void restrict_process();

// Installs the allow-list on every thread of the process (after the modem is open: connecting
// needs exec for proxyat and opens the device). A call outside it kills the process with SIGSYS.
// Returns false with `error` when the kernel refused the filter.
// The forbidden call's number goes to `*note` (shared with the daemon) before the process dies.
bool enter_sandbox(std::string& error, std::atomic<std::int32_t>* note = nullptr);
// The name of a system call number on this architecture ("rt_sigtimedwait"), or the number.
std::string syscall_name(int number);

// What a test asks a sandboxed modem process to try (SMSGW_MODEM_SELFTEST=exec|socket), to prove
// the sandbox kills it; nothing otherwise.
void sandbox_selftest();

}  // namespace smsgw
