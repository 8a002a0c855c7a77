// One subcommand's command line: its options and arguments declared once, parsed strictly, and every usage error said the same way.
#pragma once

#include "daemon/cli/option.hpp"

#include <charconv>
#include <concepts>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace smsgw::cli {

// How a subcommand declares and parses its command line (cmd_export.cpp, cmd_simulate.cpp are full examples):
//
//   std::string db, out;  int keep = 0;  bool json = false;          // a variable's value is its default
//   cli::Options opts("export", usage);                              // usage: synopsis, blank line, what it does
//   opts.text("db", db, "FILE", "the smsgw database").required();    // --db FILE or --db=FILE
//   opts.number("keep", keep, 0, 1000000, "N", "keep the newest N"); // whole or decimal as the variable's type is;
//                                                                    //   the range is checked and shown in --help
//   opts.flag("json", json, "one line of JSON");                     // no value
//   opts.texts("device", devices, "DIR", "a dummy device; repeat");  // std::vector: may be repeated
//   opts.text("phase", phase, "NAME", "...").one_of({"setup", "all"});
//   opts.positional("csv", csv, "CSV", "the table").required();      // arguments, in declaration order;
//   opts.positionals("text", words, "TEXT", "the words");            //   a vector takes all that are left
//   if (auto exit = opts.parse(args)) return *exit;                  // --help: usage on stdout, 0;
//                                                                    //   a usage error: one line on stderr, 2
//   if (bad) return opts.usage_error("--size must be COLSxROWS");    // a check only the command can make
//   if (opts.given("from")) ...                                      // whether an option was on the line
//
// Rules, the same for every subcommand: names match exactly (`--dat` is not `--db` or `--date`); an
// option with a value appears at most once (unless repeatable); an argument nobody declared is an error;
// `--` ends the options. Exit codes: 0 done, 1 a runtime error (the message says what to do), 2 usage.

inline constexpr int exit_usage = 2;

// Prints "smsgw COMMAND: PROBLEM (see smsgw COMMAND --help)" as one line on stderr; returns exit_usage.
// An empty command means the top level ("smsgw: ... (see smsgw --help)").
int usage_error(std::string_view command, std::string_view problem);

// Numbers as they appear in --help and in errors: 0.1, not 0.100000.
std::string number_text(long long v);
std::string number_text(unsigned long long v);
std::string number_text(double v);

class Options {
public:
    Options(std::string command, std::string usage);
    Options(const Options&) = delete;
    Options& operator=(const Options&) = delete;

    Option& flag(std::string name, bool& target, std::string help);
    Option& text(std::string name, std::string& target, std::string meta, std::string help);
    Option& texts(std::string name, std::vector<std::string>& target, std::string meta, std::string help);
    Option& positional(std::string name, std::string& target, std::string meta, std::string help);
    Option& positionals(std::string name, std::vector<std::string>& target, std::string meta, std::string help);

    template <class T>
        requires(std::integral<T> || std::floating_point<T>) && (!std::same_as<T, bool>)
    Option& number(std::string name, T& target, std::type_identity_t<T> min, std::type_identity_t<T> max,
                   std::string meta, std::string help) {
        Option& o = add(std::move(name), std::move(meta), std::move(help));
        o.range_ = shown(min) + ".." + shown(max);
        o.default_ = shown(target);
        o.store_ = [&target, min, max, integral = std::integral<T>](
                       const std::string& text) -> std::optional<std::string> {
            T v{};
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec != std::errc() || end != text.data() + text.size() || !(v >= min && v <= max))
                return std::string(integral ? "a whole number" : "a number") + " from " + shown(min) + " to " +
                       shown(max);
            target = v;
            return std::nullopt;
        };
        return o;
    }

    // Parses args; nothing when the command should go on, else its exit code: 0 after --help (usage on
    // stdout), exit_usage after a usage error (one line on stderr).
    std::optional<int> parse(const std::vector<std::string>& args);
    // Stores args into the variables; returns the first problem, without printing it (parse() prints it).
    std::optional<std::string> read(const std::vector<std::string>& args);
    // Whether the option (or argument) was given.
    bool given(std::string_view name) const;
    // A usage error the declarations cannot express: one line on stderr; returns exit_usage.
    int usage_error(std::string_view problem) const;
    // The usage text followed by the options, as --help prints it.
    std::string help() const;

private:
    template <class T>
    static std::string shown(T v) {
        if constexpr (std::floating_point<T>) return number_text(static_cast<double>(v));
        else if constexpr (std::signed_integral<T>) return number_text(static_cast<long long>(v));
        else return number_text(static_cast<unsigned long long>(v));
    }
    Option& add(std::string name, std::string meta, std::string help);
    Option* find(std::string_view name);
    Option* find_letter(char c);
    std::optional<std::string> store(Option& o, const std::string& value) const;
    std::string unknown(std::string_view name) const;

    std::string command_, usage_;
    std::deque<Option> options_;  // a deque: the references handed out stay valid
};

}  // namespace smsgw::cli
