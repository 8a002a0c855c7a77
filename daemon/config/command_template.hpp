// The placeholders of the push commands ({export}, {name}, {fetched}): checked at config load, filled in by `smsgw push`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// What a placeholder stands for when one export is pushed. Each argument is filled in as a whole
// word or inside a word ("{export}/", "hq:/incoming/{name}/manifest.json"); nothing goes through a shell.
struct CommandValues {
    std::string export_path;  // {export}: the export directory, absolute, no trailing slash
    std::string name;         // {name}: its base name, smsgw-export-20261127T201500Z
    std::string fetched;      // {fetched}: a local file the verify command writes the far manifest into
};

// Which placeholders a command may use and which one it must use.
struct CommandTemplateRule {
    std::string_view key;                      // for messages: "gateway.export_command"
    std::vector<std::string_view> allowed;     // e.g. {"export", "name"}
    std::string_view required;                 // e.g. "export"
    std::string_view says;                     // what the required one says: "where the export goes"
    std::string_view example;                  // what to write, shown in the message
};

// A problem for the config's FILE:LINE message, or nothing. Catches a missing required placeholder
// (the old "path appended last" habit) and unknown ones such as {exports} (a typo).
std::optional<std::string> check_command_template(const std::vector<std::string>& argv, const CommandTemplateRule& rule);

// argv with every placeholder replaced.
std::vector<std::string> fill_command(const std::vector<std::string>& argv, const CommandValues& values);

// True when some argument contains {placeholder}.
bool uses_placeholder(const std::vector<std::string>& argv, std::string_view placeholder);

}  // namespace smsgw
