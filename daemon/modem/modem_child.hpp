// `smsgw modem-process`: one modem's libgammu in a process of its own, talking to the daemon over a socket.
#pragma once

namespace smsgw {

// Exit codes the daemon reads: the rest (a signal, anything else) is a crash.
inline constexpr int modem_exit_stopped = 0;     // asked to stop, or the daemon went away
inline constexpr int modem_exit_reconnect = 10;  // connect failed or the link was lost: start again after a backoff
inline constexpr int modem_exit_protocol = 11;   // the daemon's frames made no sense
inline constexpr int modem_exit_sandbox = 12;    // the sandbox could not be installed

// Runs the modem process on descriptors the daemon passed: `socket_fd` (frames both ways) and
// `probe_fd` (the shared read probe). Returns the exit code.
int run_modem_process(int socket_fd, int probe_fd);

}  // namespace smsgw
