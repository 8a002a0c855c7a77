// A real rsync daemon on the loopback, started by a test: the HQ end that `smsgw push` delivers to.
#pragma once

#include "tests/support/child_process.hpp"

#include <filesystem>
#include <string>

namespace smsgw::e2e {

using namespace smsgw::test;

// `rsync --daemon --no-detach` with one writable module "hq" in work/hq, on 127.0.0.1 and a free
// port chosen at the first start and kept across restarts (a link that drops and comes back).
class RsyncReceiver {
public:
    explicit RsyncReceiver(std::filesystem::path work);
    ~RsyncReceiver();

    static bool available();  // rsync is installed (build.sh installs it)
    static std::string program();  // its path (the rig's posix_spawn does not search PATH)
    // Starts it and waits until it accepts connections; throws std::runtime_error when it cannot.
    void start();
    // SIGKILL to the daemon and the processes it forked per connection: the connection drops
    // mid-transfer, like a link going down.
    void kill();
    bool running() { return process_.running(); }

    int port() const { return port_; }
    std::string url() const;  // rsync://127.0.0.1:PORT/hq
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path work_, dir_;
    int port_ = 0;
    ChildProcess process_;
};

}  // namespace smsgw::e2e
