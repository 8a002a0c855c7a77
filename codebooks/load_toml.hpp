// Strict typed reads from one election.toml table: wrong types, missing and unknown keys are diagnostics.
#pragma once

#include "codebooks/load_context.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// A table being read. Every key read through it counts as known; finish() reports the rest, so a
// misspelt key ("requried = false") is an error rather than a silently ignored setting.
class TomlTable {
public:
    TomlTable(LoadContext& ctx, const toml::table& table, std::string what);

    int line() const;                              // the table's own line ([[forms]] header)
    int line_of(std::string_view key) const;      // the key's line, or the table's when absent
    const std::string& what() const { return what_; }
    void set_what(std::string what) { what_ = std::move(what); }

    const toml::node* get(std::string_view key);  // marks the key known; null when absent
    std::optional<std::string> string(std::string_view key, bool required);
    std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
    std::optional<bool> boolean(std::string_view key, bool required);
    const toml::array* array(std::string_view key, bool required);

    void error(std::string_view key, std::string message);  // at the key's line
    void missing(std::string_view key);
    void finish();

private:
    LoadContext& ctx_;
    const toml::table& table_;
    std::string what_;
    std::vector<std::string_view> known_;
};

// The tables of an array of tables ([[regions]]); other shapes are reported against `name`.
std::vector<const toml::table*> tables_of(LoadContext& ctx, const toml::node* node, std::string_view name);

int line_of(const toml::node& n);

}  // namespace smsgw
