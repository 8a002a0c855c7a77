// Checks on config values that no TOML type catches: modem names, phone numbers, two modems on one device.
#pragma once

#include "daemon/config/config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// Modem names end up in console lines, the database, export file rows, a process's environment and
// systemd's STATUS=: letters, digits, '_' and '-', 1 to 32 of them.
bool is_safe_modem_name(std::string_view name);

// A number smsgw may send to or must recognise: optional '+', then 7 to 15 digits (E.164), with
// spaces, '-', '.', '(' and ')' allowed between them as people write numbers.
bool is_phone_number(std::string_view text);

// What identifies the device a modem section opens, so two sections on one device are caught: the
// device path with symlinks resolved (/dev/serial/by-id/... -> /dev/ttyUSB0; a dummy directory).
// Empty when there is nothing to compare: a proxy connection runs a command, not a device.
std::string device_identity(const ModemConfig& modem);

}  // namespace smsgw

namespace smsgw {

// A problem with the push commands (export_command, export_verify_command), for FILE:LINE of `key`.
struct KeyProblem {
    std::string key;
    std::string text;
};
// Placeholders, and a verify command for every export command: exit status 0 alone is no proof
// that HQ has the files (an rsync written the wrong way round exits 0 too).
std::vector<KeyProblem> push_command_problems(const GatewayConfig& g);

}  // namespace smsgw
