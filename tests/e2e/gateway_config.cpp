// Renders the end-to-end tests' daemon configs (SPEC.md section 8).
#include "gateway_config.hpp"

#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace smsgw::e2e {

using namespace smsgw::test;

std::string toml_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

ModemSection ModemSection::dummy(const std::string& name, const std::filesystem::path& dir, const std::string& poll) {
    ModemSection m{name, {}};
    m.set("device", toml_string(dir.string()))
        .set("connection", "\"none\"")
        .set("model", "\"dummy\"")
        .set("poll_interval", toml_string(poll))
        .set("sends_per_minute", "6000");
    return m;
}

ModemSection ModemSection::proxyat(const std::string& name, const std::string& command, const std::string& poll) {
    ModemSection m{name, {}};
    m.set("device", toml_string(command))
        .set("connection", "\"proxyat\"")
        .set("model", "\"at\"")
        .set("poll_interval", toml_string(poll))
        .set("sends_per_minute", "6000");
    return m;
}

ModemSection& ModemSection::set(const std::string& key, const std::string& toml_value) {
    for (auto& [k, v] : keys)
        if (k == key) {
            v = toml_value;
            return *this;
        }
    keys.emplace_back(key, toml_value);
    return *this;
}

std::string GatewayConfig::render() const {
    std::string s = "# written by an end-to-end test\n[gateway]\n";
    s += "database = " + toml_string(database.string()) + "\n";
    s += "codebook = " + toml_string(codebook.string()) + "\n";
    s += "export_dir = " + toml_string(export_dir.string()) + "\n";
    bool has_interval = false, has_rate = false;
    for (const auto& [k, v] : gateway) {
        s += k + " = " + v + "\n";
        has_interval |= k == "export_interval";
        has_rate |= k == "replies_per_sender_per_hour";
    }
    // Exports are not under test here, and a monitor's tenth report must still be answered.
    if (!has_interval) s += "export_interval = \"1h\"\n";
    if (!has_rate) s += "replies_per_sender_per_hour = 10000\n";
    for (const auto& m : modems) {
        s += "\n[modems." + m.name + "]\n";
        for (const auto& [k, v] : m.keys) s += k + " = " + v + "\n";
    }
    return s;
}

void GatewayConfig::write(const std::filesystem::path& file) const { write_file(file, render()); }

}  // namespace smsgw::e2e
