// A cheap look into a libgammu dummy-driver device directory, so a poll does not probe 50,000 file names.
#include "daemon/modem/dummy_device.hpp"

#include "daemon/config/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
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

std::string dummy_record_hex(const std::string& device_dir, int location) {
    constexpr std::size_t max_bytes = 4096;  // a real PDU is at most 176 bytes, a backup file a few hundred
    if (location <= dummy_folder_span) return {};
    const auto path = std::filesystem::path(device_dir) / "sms" / std::to_string(location / dummy_folder_span) /
                      std::to_string(location % dummy_folder_span);
    // Only a regular file: opening a FIFO someone put there would block the caller (the daemon) for good.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec))) return {};
    std::ifstream in(path, std::ios::binary);
    char bytes[max_bytes];
    in.read(bytes, static_cast<std::streamsize>(max_bytes));
    const auto n = static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount()));
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace smsgw
