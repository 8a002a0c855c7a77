// smsgw run --config FILE: the daemon.
#include "daemon/cli/commands.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/daemon.hpp"
#include "daemon/store/result.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace smsgw {

int cmd_run(const Args& args) {
    namespace po = boost::program_options;
    std::string config_path;
    po::options_description opts("smsgw run --config FILE\n\nRuns the gateway: modems, store, pipeline, quick count, replies.\n"
                                 "SIGTERM/SIGINT stop it cleanly (a second one exits at once). SIGHUP re-reads the config and\n"
                                 "the codebook: if both are valid they replace the running ones, else every error is logged\n"
                                 "and nothing changes. The database cannot change without a restart.\n\noptions");
    bool new_count = false;
    opts.add_options()("help,h", "show this help")("config,c", po::value(&config_path)->required(), "TOML config file")(
        "new-count", po::bool_switch(&new_count),
        "the database file exists but is empty (0 bytes): begin a new count in it (without this, smsgw refuses: an "
        "emptied database must not silently become a new, empty count)");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
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
