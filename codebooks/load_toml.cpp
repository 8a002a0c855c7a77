// Strict typed reads from election.toml tables, each problem reported at its line.
#include "codebooks/load_toml.hpp"

#include <algorithm>

namespace smsgw {

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

TomlTable::TomlTable(LoadContext& ctx, const toml::table& table, std::string what)
    : ctx_(ctx), table_(table), what_(std::move(what)) {}

int TomlTable::line() const { return smsgw::line_of(table_); }

int TomlTable::line_of(std::string_view key) const {
    for (auto&& [k, v] : table_)
        if (k.str() == key) return static_cast<int>(k.source().begin.line);
    return line();
}

const toml::node* TomlTable::get(std::string_view key) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
    return table_.get(key);
}

void TomlTable::error(std::string_view key, std::string message) {
    ctx_.error(kElectionFile, line_of(key), std::move(message));
}

void TomlTable::missing(std::string_view key) {
    ctx_.error(kElectionFile, line(), "missing required key " + quote(key) + " in " + what_);
}

std::optional<std::string> TomlTable::string(std::string_view key, bool required) {
    const toml::node* n = get(key);
    if (!n) {
        if (required) missing(key);
        return std::nullopt;
    }
    if (const auto* s = n->as_string()) return s->get();
    error(key, quote(key) + " in " + what_ + " must be a string (in double quotes)");
    return std::nullopt;
}

std::optional<std::int64_t> TomlTable::integer(std::string_view key, bool required, std::int64_t min,
                                               std::int64_t max) {
    const toml::node* n = get(key);
    if (!n) {
        if (required) missing(key);
        return std::nullopt;
    }
    const auto* i = n->as_integer();
    if (!i) {
        error(key, quote(key) + " in " + what_ + " must be a whole number" +
                       (n->is_string() ? " (without quotes)" : ""));
        return std::nullopt;
    }
    std::int64_t v = i->get();
    if (v < min || v > max) {
        error(key, quote(key) + " in " + what_ + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max) + ", not " + std::to_string(v));
        return std::nullopt;
    }
    return v;
}

std::optional<bool> TomlTable::boolean(std::string_view key, bool required) {
    const toml::node* n = get(key);
    if (!n) {
        if (required) missing(key);
        return std::nullopt;
    }
    if (const auto* b = n->as_boolean()) return b->get();
    error(key, quote(key) + " in " + what_ + " must be true or false (without quotes)");
    return std::nullopt;
}

const toml::array* TomlTable::array(std::string_view key, bool required) {
    const toml::node* n = get(key);
    if (!n) {
        if (required) missing(key);
        return nullptr;
    }
    if (const auto* a = n->as_array()) return a;
    error(key, quote(key) + " in " + what_ + " must be a list [..., ...]");
    return nullptr;
}

void TomlTable::finish() {
    for (auto&& [k, v] : table_) {
        if (std::find(known_.begin(), known_.end(), k.str()) != known_.end()) continue;
        ctx_.error(kElectionFile, static_cast<int>(k.source().begin.line),
                   "unknown key " + quote(k.str()) + " in " + what_);
    }
}

std::vector<const toml::table*> tables_of(LoadContext& ctx, const toml::node* node, std::string_view name) {
    std::vector<const toml::table*> out;
    if (!node) return out;
    const auto* arr = node->as_array();
    if (!arr) {
        ctx.error(kElectionFile, line_of(*node),
                  quote(name) + " must be an array of tables: write each entry under [[" + std::string(name) + "]]");
        return out;
    }
    for (const auto& el : *arr) {
        if (const auto* t = el.as_table()) out.push_back(t);
        else ctx.error(kElectionFile, line_of(el), "each entry of " + quote(name) + " must be a table");
    }
    return out;
}

}  // namespace smsgw
