// Reads a commission's table: header mapped to tags, each row checked like a monitor's report would be.
#include "daemon/official/official_csv.hpp"

#include "codebooks/csv.hpp"
#include "codebooks/validator.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_map>

namespace smsgw::official {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// A non-negative integer written with digits only (spaces around it trimmed), at most 10^15.
std::optional<std::int64_t> number(std::string_view s) {
    if (s.empty() || s.size() > 15) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool is_option(const Form& form, std::string_view tag) {
    return std::find(form.option_tags.begin(), form.option_tags.end(), tag) != form.option_tags.end() ||
           (form.options_from_candidates && tag != form.invalid_tag && tag != form.cast_tag);
}

const Check* find_check(const Form& form, std::string_view id) {
    for (const auto& c : form.checks)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace

OfficialTable read_official_csv(std::string_view text, std::string_view file, const Codebook& cb, const Form& form,
                                const ColumnMap& map) {
    OfficialTable out;
    auto error = [&](int line, const std::string& message) {
        out.errors.push_back(std::string(file) + ":" + std::to_string(line) + ": " + message);
    };
    CsvDocument doc = parse_csv(text);
    for (const CsvError& e : doc.errors) error(e.line, e.message);
    if (doc.records.empty()) {
        error(1, "empty file: expected a header `station," + (form.fields.empty() ? std::string() : form.fields[0].tag) + ",...`");
        return out;
    }

    // Header: each column is the station, a field of the form (index), or ignored (-2).
    const CsvRecord& header = doc.records.front();
    constexpr int station_col = -1, ignored = -2;
    std::vector<int> column(header.fields.size(), ignored);
    int station_at = -1;
    std::unordered_map<int, std::size_t> field_at;  // field index -> column
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        std::string name(trim(header.fields[c]));
        std::string renamed = name;
        bool mapped = false;
        if (auto it = map.names.find(name); it != map.names.end()) {
            renamed = it->second;
            mapped = true;
            if (renamed.empty()) continue;  // mapped to nothing: ignored
        }
        if (upper(renamed) == "STATION") {
            if (station_at >= 0) error(header.line, "column \"" + name + "\" repeats the station column");
            station_at = static_cast<int>(c);
            column[c] = station_col;
            continue;
        }
        int f = form.field_index(upper(renamed));
        if (f < 0) {
            error(header.line, "column \"" + name + "\"" + (mapped ? " (mapped to \"" + renamed + "\")" : "") +
                                   " is not a field of form " + form.code + (mapped ? "" : "; --map can rename it"));
            continue;
        }
        if (!field_at.emplace(f, c).second) {
            error(header.line, "column \"" + name + "\" repeats field " + form.fields[static_cast<std::size_t>(f)].tag);
            continue;
        }
        column[c] = f;
    }
    if (station_at < 0) error(header.line, "no \"station\" column");
    for (std::size_t f = 0; f < form.fields.size(); ++f) {
        const Field& field = form.fields[f];
        // A candidates form's options depend on the district: rows say which are missing.
        bool needed = field.required && !(form.options_from_candidates && is_option(form, field.tag));
        if (needed && !field_at.count(static_cast<int>(f)))
            error(header.line, "missing column " + field.tag + " (" + field.label + ")");
    }
    if (!out.errors.empty() && station_at < 0) return out;

    const Sender any{"official", std::nullopt, true};
    std::unordered_map<std::uint32_t, int> seen;  // station -> line
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord& rec = doc.records[r];
        auto row_error = [&](const std::string& m) { error(rec.line, m); };
        if (rec.fields.size() != header.fields.size()) {
            row_error(std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(header.fields.size()));
            continue;
        }
        std::string code(trim(rec.fields[static_cast<std::size_t>(station_at)]));
        if (!code.empty() && static_cast<int>(code.size()) < cb.election.station_code_width &&
            std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            code.insert(0, static_cast<std::size_t>(cb.election.station_code_width) - code.size(), '0');
        const Station* station = cb.find_station(code);
        if (!station) {
            row_error("unknown station \"" + code + "\" (not in the codebook's stations.csv)");
            continue;
        }
        if (auto [it, fresh] = seen.emplace(station->index, rec.line); !fresh) {
            row_error("station " + code + " is listed twice (first on line " + std::to_string(it->second) + ")");
            continue;
        }
        std::vector<std::string> candidates;
        if (form.options_from_candidates)
            for (const auto& cand : cb.candidates_in(station->district)) candidates.push_back(cand.tag);
        OfficialValues row{station->index, {}, rec.line};
        bool ok = true;
        for (std::size_t f = 0; f < form.fields.size(); ++f) {
            auto at = field_at.find(static_cast<int>(f));
            if (at == field_at.end()) continue;
            const std::string& tag = form.fields[f].tag;
            std::string_view cell = trim(rec.fields[at->second]);
            if (cell.empty()) continue;
            auto v = number(cell);
            if (!v) {
                row_error("station " + code + ": " + tag + " \"" + std::string(cell) + "\" is not a number (a whole number of votes, 0 or more)");
                ok = false;
                continue;
            }
            bool candidate = std::find(candidates.begin(), candidates.end(), tag) != candidates.end();
            if (form.options_from_candidates && is_option(form, tag) && !candidate && *v == 0) continue;
            row.values.push_back({tag, *v, static_cast<int>(at->second)});
        }
        if (!ok) continue;
        Report report;
        report.form = form.code;
        report.station = station->code;
        report.values = row.values;
        Verdict verdict = validate(report, cb, any);
        for (const Issue& issue : verdict.errors) {
            const Check* check = issue.code == Code::CHECK_FAILED ? find_check(form, issue.facts.get(Fact::check)) : nullptr;
            std::string what = "station " + code + ": " + std::string(to_string(issue.code)) + " " + issue.detail;
            if (check && check->expr.uses_station()) {
                out.warnings.push_back(std::string(file) + ":" + std::to_string(rec.line) + ": " + what + " (kept)");
            } else {
                row_error(what);
                ok = false;
            }
        }
        if (ok) out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace smsgw::official
