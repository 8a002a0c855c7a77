// A cheap look into a libgammu dummy-driver device directory, so a poll does not probe 50,000 file names.
#include "daemon/modem/dummy_device.hpp"

#include "daemon/config/config.hpp"

#include <filesystem>
#include <system_error>

namespace smsgw {

bool is_dummy_device(const ModemConfig& config) {
    return config.connection == "none" && (config.model.empty() || config.model == "dummy");
}

std::optional<std::vector<int>> dummy_inbox_locations(const std::string& device_dir) {
    namespace fs = std::filesystem;
    std::vector<int> out;
    for (int folder : {1, 3}) {
        std::error_code ec;
        fs::directory_iterator it(fs::path(device_dir) / "sms" / std::to_string(folder), ec);
        if (ec) return std::nullopt;
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            if (ec) return std::nullopt;
            const std::string name = it->path().filename().string();
            // Injectors write a temporary name and link it into place: only numbered names are SMS.
            if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
            // The driver's numbers stay below 10,000; a longer name still counts, as a location that cannot be read.
            out.push_back(name.size() > 4 ? -1 : folder * dummy_folder_span + std::stoi(name));
        }
        if (ec) return std::nullopt;
    }
    return out;
}

int dummy_inbox_count(const std::string& device_dir) {
    auto locations = dummy_inbox_locations(device_dir);
    return locations ? static_cast<int>(locations->size()) : -1;
}

}  // namespace smsgw
