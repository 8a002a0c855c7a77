// One option or argument of a subcommand as Options declared it: what --help shows and how its value is stored.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::cli {

class Option {
public:
    // Without it the option may be left out; with it the message says which option is missing and what it is.
    Option& required();
    // The value must be one of these words.
    Option& one_of(std::vector<std::string> words);
    // A one-letter spelling too ("-c FILE" for "--config FILE").
    Option& letter(char c);
    // What --help shows as the default; "" shows none (for a value that means "not given").
    Option& shown_default(std::string text);
    // Not listed in --help (arguments only smsgw itself passes).
    Option& hidden();

private:
    friend class Options;
    std::string name_;  // without "--"; for an argument, its meta
    std::string meta_;  // FILE, N; empty for a flag
    std::string help_;
    std::string default_;
    std::string range_;  // "0..255", for --help
    std::vector<std::string> words_;
    char letter_ = 0;
    bool flag_ = false, positional_ = false, required_ = false, repeatable_ = false, hidden_ = false;
    int seen_ = 0;
    // Stores a value; returns what is wrong with it (the option's name is added by the caller).
    std::function<std::optional<std::string>(const std::string&)> store_;
};

}  // namespace smsgw::cli
