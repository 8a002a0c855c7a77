// A cheap look into a libgammu dummy-driver device directory, so an idle poll costs one readdir.
#include "daemon/modem/dummy_device.hpp"

#include "daemon/config/config.hpp"

#include <filesystem>
#include <system_error>

namespace smsgw {

bool is_dummy_device(const ModemConfig& config) {
    return config.connection == "none" && (config.model.empty() || config.model == "dummy");
}

bool dummy_inbox_may_hold_sms(const std::string& device_dir) {
    namespace fs = std::filesystem;
    for (const char* folder : {"sms/1", "sms/3"}) {
        std::error_code ec;
        fs::directory_iterator it(fs::path(device_dir) / folder, ec);
        if (ec) return true;
        // Any entry counts: a stray file costs one full read, a missed message costs much more.
        if (it != fs::directory_iterator()) return true;
    }
    return false;
}

}  // namespace smsgw
