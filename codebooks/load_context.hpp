// State shared by the parts of one codebook load: the codebook being built, diagnostics, lookups.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/codebook_loader.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smsgw {

inline constexpr std::string_view kElectionFile = "election.toml";
inline constexpr std::string_view kStationsFile = "stations.csv";
inline constexpr std::string_view kMonitorsFile = "monitors.csv";
inline constexpr std::string_view kCandidatesFile = "candidates.csv";

class LoadContext {
public:
    std::shared_ptr<Codebook> cb = std::make_shared<Codebook>();
    std::vector<Diagnostic> diagnostics;

    void error(std::string_view file, int line, std::string message);
    void warning(std::string_view file, int line, std::string message);
    bool has_errors() const { return errors_ > 0; }

    // What election.toml established. Later files check their references only against what
    // is known, so one mistake in election.toml does not echo through thousands of CSV rows.
    bool election_parsed = false;    // the TOML had no syntax error
    bool code_width_known = false;   // election.station_code_width is valid
    bool phones_known = false;       // [phones] is valid
    bool languages_known = false;    // election.languages is valid
    int languages_line = 0;          // where election.languages is, for languages lacking replies
    // Whether [[regions]], [[districts]], [[strata]] and [[forms]] exist at all; when one is
    // missing that is one error, not one per CSV row that refers to it.
    bool regions_declared = false;
    bool districts_declared = false;
    bool strata_declared = false;
    bool forms_declared = false;
    StringMap<std::uint32_t> region_index;
    StringMap<std::uint32_t> stratum_index;
    std::unordered_map<int, std::uint32_t> district_index;
    std::vector<int> stratum_lines;  // parallel to cb->strata
    std::vector<int> district_lines; // parallel to cb->districts

    // What stations.csv established.
    bool stations_read = false;  // its rows could be read, so station references can be checked
    StringMap<std::uint32_t> station_index;

    bool monitors_read = false;  // monitors.csv's rows could be read

    const Region* region(std::string_view id) const;
    const District* district(int number) const;
    const Stratum* stratum(std::string_view id) const;
    bool has_language(std::string_view lang) const;
    std::string language_list() const;  // "en, ru, kk" for messages

private:
    int errors_ = 0;
};

// "'text'" for messages.
std::string quote(std::string_view s);

// Whole-string integer parse; nullopt for empty text, signs other than '-', spaces or junk.
std::optional<std::int64_t> parse_int(std::string_view s);

// 1-3 upper-case ASCII letters: the shape of form codes and tags.
bool is_tag_shape(std::string_view s);

// Form codes and tags with I, L or O collide with the parser's digit folding (SPEC 3.4).
bool has_ambiguous_letter(std::string_view s);

}  // namespace smsgw
