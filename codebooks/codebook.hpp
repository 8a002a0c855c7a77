// The election's codebook as immutable values: stations, monitors, forms, checks, contests, replies.
#pragma once

#include "codebooks/expr.hpp"
#include "codebooks/phone.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smsgw {

enum class FieldKind : std::uint8_t { count, yesno, choice, multi, time };
enum class FormKind : std::uint8_t { checklist, results, incident };
enum class Severity : std::uint8_t { error, warning };
enum class ContestScope : std::uint8_t { national, district };

std::string_view to_string(FieldKind);
std::string_view to_string(FormKind);
std::string_view to_string(Severity);
std::string_view to_string(ContestScope);

// Heterogeneous lookup so string_view keys need no allocation.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Field {
    std::string tag;    // upper-case ASCII letters, 1..3 of them
    std::string label;
    FieldKind kind = FieldKind::count;
    std::int64_t min = 0;          // count
    std::int64_t max = 99999;      // count
    std::vector<int> choices;      // choice / multi: allowed digits
    bool required = true;
    int line = 0;                  // election.toml line
};

struct Check {
    std::string id;
    Severity severity = Severity::error;
    std::string message;  // optional human text shown with the failure (JSON detail, and replies
                          // in languages without their own); may use {lhs} {rhs} {check}
    Expr expr;
    int line = 0;
    std::map<std::string, std::string, std::less<>> messages = {};  // message_LANG, by language

    // The message for replies in `language`: message_LANG, else message (may be empty).
    const std::string& message_for(std::string_view language) const {
        const auto it = messages.find(language);
        return it != messages.end() ? it->second : message;
    }
};

struct IncidentCode {
    int code = 0;
    std::string label;
};

struct Form {
    std::string code;  // upper-case ASCII letters, e.g. "R"
    std::string name;
    FormKind kind = FormKind::checklist;
    std::vector<Field> fields;
    // results forms only
    std::string contest;
    std::vector<std::string> option_tags;   // fixed options (national contest)
    bool options_from_candidates = false;   // options are the station district's candidates
    std::string invalid_tag;
    std::string cast_tag;
    std::vector<Check> checks;
    // incident forms only
    std::vector<IncidentCode> incidents;
    int line = 0;

    // Field index for a tag, -1 if the form has no such tag.
    int field_index(std::string_view tag) const;
    const IncidentCode* find_incident(int code) const;
};

struct Region {
    std::string id;
    std::string name;
    bool city = false;
};

struct District {
    int number = 0;
    std::string name;
    std::string region;
};

struct Stratum {
    std::string id;
    std::string region;
    bool urban = false;
    std::uint32_t frame_size = 0;  // N_h: stations in the frame
    std::uint32_t sampled = 0;     // n_h: stations in the PVT sample
};

struct Station {
    std::string code;
    std::string name;
    std::string region;
    int district = 0;
    std::int64_t registered = 0;
    std::string stratum;
    bool sampled = false;
    std::uint32_t index = 0;   // position in Codebook::stations
    int line = 0;              // stations.csv line
};

struct Monitor {
    std::string phone;  // E.164
    std::string name;
    std::vector<std::uint32_t> stations;  // station indexes
    std::vector<int> districts;           // mobile teams: district:NN
    bool any_station = false;             // "*"
    std::string language;                 // en | ru | kk
    int line = 0;
};

struct Candidate {
    int district = 0;
    std::string tag;
    std::string name;
    std::string party;
    int line = 0;
};

struct Contest {
    std::string id;
    std::string name;
    ContestScope scope = ContestScope::national;
    std::string form;            // code of the results form that feeds it
    std::vector<int> districts;  // district scope: districts with a quick count
    int line = 0;
};

// Reply texts for one language. Placeholders: {echo} {ref} {problem} {more} {n} {form} {station},
// and in error and reason texts the Issue's facts (FORMAT.md).
struct ReplyTemplates {
    std::string accepted;
    std::string warning;
    std::string rejected;
    std::string more;                           // e.g. "(+{n} more)"
    std::string reminder;  // optional; placeholders {form} {station} {window}; empty: built-in text
    std::map<std::string, std::string, std::less<>> errors;  // error code -> text
    std::map<std::string, std::string, std::less<>> reasons;  // IssueFacts::reason -> text (wins over errors)
};

struct Election {
    std::string id;
    std::string name;
    std::string timezone;
    int station_code_width = 5;
    std::vector<std::string> languages;
    std::string default_language;
    PhoneRules phones;
};

class Codebook {
public:
    Election election;
    std::vector<Region> regions;
    std::vector<District> districts;
    std::vector<Stratum> strata;
    std::vector<Station> stations;
    std::vector<Monitor> monitors;
    std::vector<Form> forms;
    std::vector<Contest> contests;
    std::vector<Candidate> candidates;  // sorted by (district, tag)
    std::map<std::string, ReplyTemplates, std::less<>> replies;  // by language

    const Station* find_station(std::string_view code) const;
    const Monitor* find_monitor(std::string_view e164) const;
    const Form* find_form(std::string_view code) const;
    const Contest* find_contest(std::string_view id) const;
    const District* find_district(int number) const;
    const Region* find_region(std::string_view id) const;
    const Stratum* find_stratum(std::string_view id) const;
    std::span<const Candidate> candidates_in(int district) const;
    bool monitor_covers(const Monitor& m, const Station& s) const;
    const ReplyTemplates& replies_for(std::string_view language) const;  // falls back to default

    // Builds the lookup indexes; the loader calls it once after filling the vectors.
    void build_indexes();

private:
    StringMap<std::uint32_t> station_index_;
    StringMap<std::uint32_t> monitor_index_;
    StringMap<std::uint32_t> stratum_index_;
    std::unordered_map<int, std::pair<std::uint32_t, std::uint32_t>> candidate_range_;  // [begin, end)
};

using CodebookPtr = std::shared_ptr<const Codebook>;

}  // namespace smsgw
