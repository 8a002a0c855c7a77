// smsgw push --config FILE: delivers the exports HQ lacks (run by smsgw-push.service, or by the daemon as a child).
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/config/config.hpp"
#include "daemon/push/pusher.hpp"

#include <csignal>
#include <iostream>
#include <unistd.h>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw push --config FILE\n\n"
    "Delivers every finished export under gateway.export_dir that HQ does not have yet, oldest first:\n"
    "runs gateway.export_command with {export} (the export directory) and {name} (its name) filled in,\n"
    "then gateway.export_verify_command, which fetches HQ's copy of {name}/manifest.json; the export\n"
    "counts as delivered only when that copy equals the local manifest.json byte for byte. The first\n"
    "failure ends the run (the rest waits for the next one). Each attempt is left in\n"
    "gateway.push_dir/outcomes for the daemon, which records it (the HQ-link alarm, smsgw status).\n"
    "Never opens the database. systemd runs it as smsgw-push.service (the daemon's own unit has no\n"
    "network); with push_by = \"daemon\" the daemon runs it after each export.\n"
    "Exit 0: everything delivered (or nothing to do); 1: a delivery failed, or another push runs;\n"
    "2: bad arguments or config (the daemon records it as a push that could not even try).\n";

// SIGTERM (systemd stopping the unit, the daemon stopping): end the running rsync/ssh/curl too, which
// runs in a process group of its own, rather than leave it to finish on its own.
extern "C" void pass_on_and_exit(int sig) {
    if (int group = push::running_command_group(); group > 0) ::kill(-group, SIGTERM);
    ::_exit(128 + sig);
}

}  // namespace

int cmd_push(const Args& args) {
    std::string config_path;
    cli::Options opts("push", usage);
    opts.text("config", config_path, "FILE", "the smsgw.toml the daemon runs with").required();
    if (auto exit = opts.parse(args)) return *exit;
    Config config;
    try {
        config = load_config(config_path);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
    if (config.gateway.export_command.empty()) {
        std::cerr << "smsgw push: " << config_path << " sets no gateway.export_command: nothing to push with (set it, README \"Delivery to HQ\")\n";
        return 2;
    }
    struct sigaction sa {};
    sa.sa_handler = pass_on_and_exit;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    push::Pusher pusher(config.gateway, [](bool problem, const std::string& line) {
        (problem ? std::cerr : std::cout) << "smsgw push: " << line << std::endl;
    });
    try {
        push::PushRun run = pusher.run();
        if (run.pending == 0) std::cout << "smsgw push: nothing to deliver (HQ has every export)" << std::endl;
        return run.failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "smsgw push: " << e.what() << std::endl;
        return 1;
    }
}

}  // namespace smsgw
