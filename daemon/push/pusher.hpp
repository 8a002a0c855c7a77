// `smsgw push`: delivers every finished export HQ does not have yet, and proves each one arrived.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/push/push_dir.hpp"
#include "daemon/store/records.hpp"

#include <functional>
#include <string>
#include <vector>

namespace smsgw::push {

// What one run did, for its exit status and tests.
struct PushRun {
    int delivered = 0;
    int failed = 0;       // at most 1: the first failure ends the run (the link is down, the rest would fail too)
    int pending = 0;      // exports HQ did not have when the run began
    std::vector<store::DeliveryRecord> attempts;
};

// For each export under export_dir not yet in push_dir/delivered, oldest first: run export_command
// with {export}/{name} filled in, then export_verify_command, and compare what it fetched with the
// local manifest.json byte for byte. Only then is the export marked delivered. Every attempt is
// written to push_dir/outcomes for the daemon (the HQ-link alarm, `smsgw status`) and told to `say`
// as one console line. It never touches the database: the daemon is its only writer.
class Pusher {
public:
    using Say = std::function<void(bool problem, const std::string& line)>;
    Pusher(const GatewayConfig& settings, Say say);

    // Throws std::runtime_error when it cannot start at all (no command configured, the push
    // directory cannot be created, another push holds the lock); that is reported as an outcome too
    // when the directory is usable.
    PushRun run();

private:
    store::DeliveryRecord deliver(const fs::path& export_path);
    bool verify(const fs::path& export_path, store::DeliveryRecord& d);

    GatewayConfig settings_;
    PushDir dir_;
    Say say_;
};

// The process group of the command a push runs right now (0: none), for a SIGTERM handler to pass
// the signal on: each command runs in a group of its own, which a signal to the push does not reach.
int running_command_group();

}  // namespace smsgw::push
