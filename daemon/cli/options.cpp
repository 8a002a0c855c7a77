// The strict parser behind every subcommand: exact names, values checked as they are stored, one-line errors, --help text.
#include "daemon/cli/options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

namespace smsgw::cli {

namespace {

constexpr std::size_t help_width = 100;
constexpr std::size_t widest_left = 28;  // longer option spellings put their help on the next line

// "-5", "-0.5": a value or an argument, not an option (--rate -1 must reach the range check).
bool number_like(const std::string& a) {
    if (a.size() < 2 || a[0] != '-') return false;
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    return digit(a[1]) || (a[1] == '.' && a.size() > 2 && digit(a[2]));
}

bool option_like(const std::string& a) { return a.size() > 1 && a[0] == '-' && !number_like(a); }

// A value echoed in a message must not break the one line.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

std::string joined(const std::vector<std::string>& words, std::string_view between) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : std::string(between)) + w;
    return out;
}

// Word-wraps `text` into lines of `width`, every line after the first indented by `indent`.
std::string wrapped(const std::string& text, std::size_t indent, std::size_t width) {
    std::string out, line;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return out + line;
}

}  // namespace

int usage_error(std::string_view command, std::string_view problem) {
    const std::string name = command.empty() ? "smsgw" : "smsgw " + std::string(command);
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s (see %s --help)\n", name.c_str(), one_line(problem).c_str(), name.c_str());
    return exit_usage;
}

std::string number_text(long long v) { return std::to_string(v); }
std::string number_text(unsigned long long v) { return std::to_string(v); }
std::string number_text(double v) { return fmt::format("{}", v); }

Options::Options(std::string command, std::string usage) : command_(std::move(command)), usage_(std::move(usage)) {
    while (!usage_.empty() && usage_.back() == '\n') usage_.pop_back();
}

Option& Options::add(std::string name, std::string meta, std::string help) {
    Option& o = options_.emplace_back();
    o.name_ = std::move(name);
    o.meta_ = std::move(meta);
    o.help_ = std::move(help);
    return o;
}

Option& Options::flag(std::string name, bool& target, std::string help) {
    Option& o = add(std::move(name), "", std::move(help));
    o.flag_ = true;
    o.store_ = [&target](const std::string&) -> std::optional<std::string> {
        target = true;
        return std::nullopt;
    };
    return o;
}

Option& Options::text(std::string name, std::string& target, std::string meta, std::string help) {
    Option& o = add(std::move(name), std::move(meta), std::move(help));
    o.default_ = target;
    o.store_ = [&target](const std::string& v) -> std::optional<std::string> {
        target = v;
        return std::nullopt;
    };
    return o;
}

Option& Options::texts(std::string name, std::vector<std::string>& target, std::string meta, std::string help) {
    Option& o = add(std::move(name), std::move(meta), std::move(help));
    o.repeatable_ = true;
    o.store_ = [&target](const std::string& v) -> std::optional<std::string> {
        target.push_back(v);
        return std::nullopt;
    };
    return o;
}

Option& Options::positional(std::string name, std::string& target, std::string meta, std::string help) {
    Option& o = text(std::move(name), target, std::move(meta), std::move(help));
    o.positional_ = true;
    return o;
}

Option& Options::positionals(std::string name, std::vector<std::string>& target, std::string meta, std::string help) {
    Option& o = texts(std::move(name), target, std::move(meta), std::move(help));
    o.positional_ = true;
    return o;
}

Option* Options::find(std::string_view name) {
    for (auto& o : options_)
        if (!o.positional_ && o.name_ == name) return &o;
    return nullptr;
}

Option* Options::find_letter(char c) {
    for (auto& o : options_)
        if (!o.positional_ && o.letter_ == c) return &o;
    return nullptr;
}

bool Options::given(std::string_view name) const {
    return std::any_of(options_.begin(), options_.end(), [&](const Option& o) { return o.name_ == name && o.seen_ > 0; });
}

// Never a guess: a prefix of some options is only named as a suggestion.
std::string Options::unknown(std::string_view name) const {
    std::vector<std::string> near;
    for (const auto& o : options_)
        if (!o.positional_ && !o.hidden_ && !name.empty() && o.name_.starts_with(name)) near.push_back("--" + o.name_);
    std::string problem = "unknown option '--" + std::string(name) + "'";
    if (!near.empty() && near.size() <= 3) problem += "; did you mean " + joined(near, " or ") + "?";
    return problem;
}

std::optional<std::string> Options::store(Option& o, const std::string& value) const {
    const std::string label = o.positional_ ? o.meta_ : "--" + o.name_;
    if (o.seen_ > 0 && !o.repeatable_ && !o.flag_) return label + " is given twice";
    if (!o.flag_ && value.empty() && !(o.positional_ && o.repeatable_)) return label + " is empty";
    if (!o.words_.empty() && std::find(o.words_.begin(), o.words_.end(), value) == o.words_.end())
        return label + " must be " + joined(o.words_, ", ") + "; not '" + value + "'";
    if (auto problem = o.store_(value)) return label + " must be " + *problem + ", not '" + value + "'";
    ++o.seen_;
    return std::nullopt;
}

std::optional<std::string> Options::read(const std::vector<std::string>& args) {
    std::vector<Option*> positionals;
    for (auto& o : options_)
        if (o.positional_) positionals.push_back(&o);
    std::size_t next_positional = 0;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (options_done || !option_like(a)) {
            while (next_positional < positionals.size() && !positionals[next_positional]->repeatable_ &&
                   positionals[next_positional]->seen_ > 0)
                ++next_positional;
            if (next_positional == positionals.size()) return "unexpected argument '" + a + "'";
            if (auto problem = store(*positionals[next_positional], a)) return problem;
            continue;
        }
        Option* o = nullptr;
        std::optional<std::string> attached;  // --db=FILE
        if (a.starts_with("--")) {
            const std::size_t eq = a.find('=');
            const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            if (eq != std::string::npos) attached = a.substr(eq + 1);
            o = find(name);
            if (!o) return unknown(name);
        } else {
            if (a.size() == 2) o = find_letter(a[1]);
            if (!o) return "unknown option '" + a + "'";
        }
        const std::string spelled = a.starts_with("--") ? "--" + o->name_ : a;
        if (o->flag_) {
            if (attached) return spelled + " takes no value";
            if (auto problem = store(*o, "")) return problem;
            continue;
        }
        if (!attached && (i + 1 == args.size() || option_like(args[i + 1])))
            return spelled + " needs a value (" + spelled + " " + o->meta_ + ")";
        if (auto problem = store(*o, attached ? *attached : args[++i])) return problem;
    }
    for (const auto& o : options_) {
        if (!o.required_ || o.seen_ > 0) continue;
        if (o.positional_) return o.meta_ + " is missing: " + o.help_;
        return "--" + o.name_ + " " + o.meta_ + " is required: " + o.help_;
    }
    return std::nullopt;
}

std::optional<int> Options::parse(const std::vector<std::string>& args) {
    for (const auto& a : args) {
        if (a == "--") break;
        if (a == "--help" || a == "-h") {
            std::cout << help() << std::flush;
            return 0;
        }
    }
    if (auto problem = read(args)) return usage_error(*problem);
    return std::nullopt;
}

int Options::usage_error(std::string_view problem) const { return cli::usage_error(command_, problem); }

std::string Options::help() const {
    struct Row {
        std::string left, right;
    };
    std::vector<Row> arguments, options{{"-h, --help", "show this help"}};
    for (const auto& o : options_) {
        if (o.hidden_) continue;
        std::string right = o.help_;
        std::vector<std::string> notes;
        if (o.required_) notes.push_back("required");
        if (!o.words_.empty()) notes.push_back(joined(o.words_, " | "));
        if (!o.range_.empty()) notes.push_back(o.range_);
        if (!o.default_.empty()) notes.push_back("default " + o.default_);
        if (o.repeatable_ && !o.positional_) notes.push_back("repeatable");
        if (!notes.empty()) right += " [" + joined(notes, ", ") + "]";
        if (o.positional_) {
            arguments.push_back({o.meta_ + (o.repeatable_ ? "..." : ""), right});
        } else {
            std::string left = o.letter_ ? fmt::format("-{}, --{}", o.letter_, o.name_) : "--" + o.name_;
            if (!o.meta_.empty()) left += " " + o.meta_;
            options.push_back({left, right});
        }
    }
    std::size_t column = 0;
    for (const auto* rows : {&arguments, &options})
        for (const auto& r : *rows)
            if (r.left.size() <= widest_left) column = std::max(column, r.left.size());
    column += 4;  // two before, two between
    std::string out = usage_ + "\n";
    const auto section = [&](const char* title, const std::vector<Row>& rows) {
        if (rows.empty()) return;
        out += fmt::format("\n{}:\n", title);
        for (const auto& r : rows) {
            std::string line = "  " + r.left;
            if (line.size() + 2 > column) out += line + "\n" + std::string(column, ' ');
            else out += line + std::string(column - line.size(), ' ');
            out += wrapped(r.right, column, help_width) + "\n";
        }
    };
    section("arguments", arguments);
    section("options", options);
    return out;
}

}  // namespace smsgw::cli
