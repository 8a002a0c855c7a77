// Diagnostics and lookups shared by the parts of one codebook load.
#include "codebooks/load_context.hpp"

#include <algorithm>
#include <charconv>

namespace smsgw {

void LoadContext::error(std::string_view file, int line, std::string message) {
    diagnostics.push_back({std::string(file), line, Severity::error, std::move(message)});
    ++errors_;
}

void LoadContext::warning(std::string_view file, int line, std::string message) {
    diagnostics.push_back({std::string(file), line, Severity::warning, std::move(message)});
}

const Region* LoadContext::region(std::string_view id) const {
    auto it = region_index.find(id);
    return it == region_index.end() ? nullptr : &cb->regions[it->second];
}

const District* LoadContext::district(int number) const {
    auto it = district_index.find(number);
    return it == district_index.end() ? nullptr : &cb->districts[it->second];
}

const Stratum* LoadContext::stratum(std::string_view id) const {
    auto it = stratum_index.find(id);
    return it == stratum_index.end() ? nullptr : &cb->strata[it->second];
}

bool LoadContext::has_language(std::string_view lang) const {
    const auto& l = cb->election.languages;
    return std::find(l.begin(), l.end(), lang) != l.end();
}

std::string LoadContext::language_list() const {
    std::string out;
    for (const auto& l : cb->election.languages) out += (out.empty() ? "" : ", ") + l;
    return out;
}

std::string quote(std::string_view s) {
    std::string q(1, '\'');
    q += s;
    q += '\'';
    return q;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

bool is_tag_shape(std::string_view s) {
    if (s.empty() || s.size() > 3) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool has_ambiguous_letter(std::string_view s) {
    return s.find_first_of("ILO") != std::string_view::npos;
}

}  // namespace smsgw
