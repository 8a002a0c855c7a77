// Placeholder checks and substitution for the push commands: pure string work, no I/O.
#include "daemon/config/command_template.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw {

namespace {

// Calls fn(name, begin, end) for each {word} made of lower-case letters and '_' (curl's {a,b}
// globs and ssh's options never look like that).
template <class Fn>
void each_placeholder(const std::string& arg, Fn&& fn) {
    std::size_t pos = 0;
    while ((pos = arg.find('{', pos)) != std::string::npos) {
        std::size_t end = pos + 1;
        while (end < arg.size() && ((arg[end] >= 'a' && arg[end] <= 'z') || arg[end] == '_')) ++end;
        if (end < arg.size() && arg[end] == '}' && end > pos + 1) {
            fn(std::string_view(arg).substr(pos + 1, end - pos - 1), pos, end + 1);
            pos = end + 1;
        } else {
            pos = pos + 1;
        }
    }
}

}  // namespace

std::optional<std::string> check_command_template(const std::vector<std::string>& argv, const CommandTemplateRule& rule) {
    if (argv.empty()) return std::nullopt;
    if (argv[0].empty()) return fmt::format("{}: the first element is the program to run and may not be empty", rule.key);
    for (const auto& arg : argv) {
        std::optional<std::string> unknown;
        each_placeholder(arg, [&](std::string_view name, std::size_t, std::size_t) {
            if (!unknown && std::find(rule.allowed.begin(), rule.allowed.end(), name) == rule.allowed.end())
                unknown = std::string(name);
        });
        if (unknown) {
            std::string known;
            for (auto a : rule.allowed) known += fmt::format("{}{{{}}}", known.empty() ? "" : ", ", a);
            return fmt::format("{}: unknown placeholder {{{}}} in \"{}\" (known: {})", rule.key, *unknown, arg, known);
        }
    }
    if (!uses_placeholder(argv, rule.required))
        return fmt::format("{} must say {} with the placeholder {{{}}} (nothing is appended), e.g. {}", rule.key, rule.says,
                           rule.required, rule.example);
    return std::nullopt;
}

std::vector<std::string> fill_command(const std::vector<std::string>& argv, const CommandValues& values) {
    std::vector<std::string> out;
    out.reserve(argv.size());
    for (const auto& arg : argv) {
        std::string filled;
        std::size_t copied = 0;
        each_placeholder(arg, [&](std::string_view name, std::size_t begin, std::size_t end) {
            const std::string* value = name == "export" ? &values.export_path
                                       : name == "name" ? &values.name
                                       : name == "fetched" ? &values.fetched
                                                           : nullptr;
            if (!value) return;  // the config check refuses unknown ones; leave them as written
            filled.append(arg, copied, begin - copied);
            filled += *value;
            copied = end;
        });
        filled.append(arg, copied, std::string::npos);
        out.push_back(std::move(filled));
    }
    return out;
}

bool uses_placeholder(const std::vector<std::string>& argv, std::string_view placeholder) {
    bool found = false;
    for (const auto& arg : argv)
        each_placeholder(arg, [&](std::string_view name, std::size_t, std::size_t) { found = found || name == placeholder; });
    return found;
}

}  // namespace smsgw
