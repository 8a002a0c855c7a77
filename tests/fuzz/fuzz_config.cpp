// libFuzzer target: the daemon's TOML configuration reader; only ConfigError may come out of it.
#include "daemon/config/config.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)smsgw::parse_config(text, "/etc/smsgw/smsgw.toml");
    } catch (const smsgw::ConfigError& e) {
        if (e.problems().empty()) __builtin_trap();  // an error must say what is wrong
    }
    return 0;
}
