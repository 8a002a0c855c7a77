// Reads the config and codebook again for a reload and says what would change, without touching the running daemon.
#include "daemon/run/config_reload.hpp"

#include "daemon/codebook_io/codebook_load.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace smsgw {

ConfigReload ConfigReload::read(const Config& running) {
    ConfigReload r;
    try {
        r.config = load_config(running.path);
    } catch (const ConfigError& e) {
        r.problems = e.problems();
    }
    // The codebook the new config names, or (when the config is broken) the one in use: its
    // errors are worth reporting in the same breath, so one edit fixes everything.
    const std::string& dir = r.ok() ? r.config.gateway.codebook : running.gateway.codebook;
    for (auto& p : read_codebook_checked(dir, r.codebook, &r.sources)) r.problems.push_back(std::move(p));
    if (!r.ok()) return r;

    r.changes = diff_config(running, r.config);
    if (!r.changes.need_restart.empty()) {
        for (const auto& c : r.changes.need_restart)
            r.notes.push_back(fmt::format("{} needs a restart; the running database stays in use until then", c));
        r.config.gateway.database = running.gateway.database;
        r.config.hq = running.hq;
    }
    return r;
}

}  // namespace smsgw
