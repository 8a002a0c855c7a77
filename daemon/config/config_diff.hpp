// What a reload would change: the running config against the one just read, for SIGHUP (daemon/config_reload).
#pragma once

#include "daemon/config/config.hpp"

#include <string>
#include <vector>

namespace smsgw {

struct ConfigChanges {
    // Settings that take effect at once, as "gateway.reply_policy: all -> none".
    std::vector<std::string> live;
    // Settings the running process cannot change (the database): "gateway.database: A -> B".
    std::vector<std::string> need_restart;
    // [modems.NAME] sections by name.
    std::vector<std::string> modems_added, modems_removed, modems_changed;

    bool empty() const {
        return live.empty() && need_restart.empty() && modems_added.empty() && modems_removed.empty() &&
               modems_changed.empty();
    }
};

// Compares the settings SPEC.md section 8 lists. Keys added later that are not compared here are
// still handed to the components on reload; they only go unmentioned in the log.
ConfigChanges diff_config(const Config& running, const Config& next);

}  // namespace smsgw
