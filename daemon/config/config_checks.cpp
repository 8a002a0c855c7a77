// The value checks parse_config applies after reading types: names, phone numbers, device identity.
#include "daemon/config/config_checks.hpp"

#include "daemon/config/command_template.hpp"

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

namespace smsgw {

std::vector<KeyProblem> push_command_problems(const GatewayConfig& g) {
    std::vector<KeyProblem> out;
    const CommandTemplateRule ship{
        "gateway.export_command", {"export", "name"}, "export", "where the export goes",
        R"(["rsync", "-a", "--timeout=60", "-e", "ssh -i /var/lib/smsgw/ssh/id_ed25519", "{export}", "hq@hq.example.org:/incoming/"])"};
    const CommandTemplateRule verify{
        "gateway.export_verify_command", {"name", "fetched"}, "name", "which export's manifest.json to fetch from HQ",
        R"(["ssh", "-i", "/var/lib/smsgw/ssh/id_ed25519", "hq@hq.example.org", "cat", "/incoming/{name}/manifest.json"])"};
    if (auto p = check_command_template(g.export_command, ship)) out.push_back({"export_command", *p});
    if (auto p = check_command_template(g.export_verify_command, verify)) out.push_back({"export_verify_command", *p});
    if (!g.export_command.empty() && g.export_verify_command.empty())
        out.push_back({"export_command",
                       "gateway.export_command needs gateway.export_verify_command, which fetches HQ's copy of "
                       "{name}/manifest.json (to stdout, or into {fetched}) so a push counts only when the files "
                       "arrived, e.g. " + std::string(verify.example)});
    if (g.export_command.empty() && !g.export_verify_command.empty())
        out.push_back({"export_verify_command", "gateway.export_verify_command without gateway.export_command: nothing "
                                                "would be pushed"});
    return out;
}

}  // namespace smsgw
