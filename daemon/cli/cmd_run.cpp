// smsgw run --config FILE: the daemon.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/daemon.hpp"
#include "daemon/store/result.hpp"

#include <iostream>

namespace smsgw {

int cmd_run(const Args& args) {
    std::string config_path;
    bool new_count = false;
    cli::Options opts("run",
                      "smsgw run --config FILE [--new-count]\n\n"
                      "Runs the gateway: modems, store, pipeline, quick count, replies.\n"
                      "SIGTERM/SIGINT stop it cleanly (a second one exits at once). SIGHUP re-reads the config and\n"
                      "the codebook: if both are valid they replace the running ones, else every error is logged\n"
                      "and nothing changes. The database cannot change without a restart.\n"
                      "Exit 0: stopped by a signal (1 if a second one cut the stop short); 1: the config, codebook or database is not usable (the message\n"
                      "says what to fix), or another daemon runs on the database; 2: bad arguments.");
    opts.text("config", config_path, "FILE", "TOML config file").required().letter('c');
    opts.flag("new-count", new_count,
              "the database file exists but is empty (0 bytes): begin a new count in it (without this, smsgw refuses: "
              "an emptied database must not silently become a new, empty count)");
    if (auto exit = opts.parse(args)) return *exit;
    Config config;
    try {
        config = load_config(config_path);
    } catch (const ConfigError& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    Logger log(config.gateway.log_level);
    try {
        DaemonOptions options;
        options.store.allow_empty_file = new_count;
        Daemon daemon(std::move(config), log, std::move(options));
        return daemon.run();
    } catch (const std::exception& e) {
        log.error(LogCategory::daemon, "cannot start: {}", e.what());
        return 1;
    }
}

}  // namespace smsgw
