// The TOML config an end-to-end test gives `smsgw run`: [gateway] and one [modems.NAME] per modem.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace smsgw::e2e {

struct ModemSection {
    std::string name;
    std::vector<std::pair<std::string, std::string>> keys;  // key -> TOML value, already quoted

    // gammu's dummy driver on a directory: cheap to poll often? No: every poll probes ~50,000
    // file names, so the interval stays at a few hundred ms.
    static ModemSection dummy(const std::string& name, const std::filesystem::path& dir, const std::string& poll = "250ms");
    // libgammu's proxyat running `command` (the fake AT modem).
    static ModemSection proxyat(const std::string& name, const std::string& command, const std::string& poll = "1s");
    ModemSection& set(const std::string& key, const std::string& toml_value);
};

struct GatewayConfig {
    std::filesystem::path database;
    std::filesystem::path codebook;
    std::filesystem::path export_dir;
    // Extra [gateway] lines, e.g. {"reply_policy", "\"rejected\""}.
    std::vector<std::pair<std::string, std::string>> gateway;
    std::vector<ModemSection> modems;

    std::string render() const;
    void write(const std::filesystem::path& file) const;
};

// A TOML basic string: "..." with \ and " escaped.
std::string toml_string(const std::string& s);

}  // namespace smsgw::e2e
