// The value checks parse_config applies after reading types: names, phone numbers, device identity.
#include "daemon/config/config_checks.hpp"

#include <filesystem>
#include <system_error>

namespace smsgw {

bool is_safe_modem_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_phone_number(std::string_view text) {
    std::size_t i = 0;
    if (!text.empty() && text[0] == '+') ++i;
    int digits = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return false;
    }
    return digits >= 7 && digits <= 15;
}

std::string device_identity(const ModemConfig& modem) {
    if (modem.connection.rfind("proxy", 0) == 0) return {};
    if (modem.device.empty()) return {};
    std::error_code ec;
    // weakly_canonical: a device that is not plugged in yet still compares by its written path.
    auto p = std::filesystem::weakly_canonical(std::filesystem::path(modem.device), ec);
    if (ec) return std::filesystem::path(modem.device).lexically_normal().string();
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace smsgw
