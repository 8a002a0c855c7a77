// A cheap look into a libgammu dummy-driver device directory, so a poll does not probe 50,000 file names.
#include "daemon/modem/dummy_device.hpp"

#include "daemon/config/config.hpp"

#include <filesystem>
#include <system_error>

namespace smsgw {

bool is_dummy_device(const ModemConfig& config) {
    return config.connection == "none" && (config.model.empty() || config.model == "dummy");
}

int dummy_inbox_count(const std::string& device_dir) {
    namespace fs = std::filesystem;
    int count = 0;
    for (const char* folder : {"sms/1", "sms/3"}) {
        std::error_code ec;
        fs::directory_iterator it(fs::path(device_dir) / folder, ec);
        if (ec) return -1;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) return -1;
            const std::string name = it->path().filename().string();
            // Injectors write a temporary name and link it into place: only numbered names are SMS.
            if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) ++count;
        }
        if (ec) return -1;
    }
    return count;
}

}  // namespace smsgw
