// Reads candidates.csv: per-district candidate tags, checked against the forms that take candidates.
#include "codebooks/load_candidates.hpp"

#include "codebooks/csv.hpp"

#include <array>
#include <map>
#include <utility>

namespace smsgw {

namespace {

constexpr std::array<std::string_view, 4> kColumns = {"district", "tag", "name", "party"};
enum Column { c_district, c_tag, c_name, c_party };

void check_tag(LoadContext& ctx, int line, std::string_view tag, const std::vector<const Form*>& forms) {
    for (const Form* form : forms) {
        int i = form->field_index(tag);
        if (i < 0) {
            ctx.error(kCandidatesFile, line, "candidate tag " + quote(tag) + " is not a field of form " + quote(form->code));
        } else if (tag == form->invalid_tag || tag == form->cast_tag) {
            ctx.error(kCandidatesFile, line, "candidate tag " + quote(tag) + " is the " +
                                                 (tag == form->cast_tag ? "cast" : "invalid") + " tag of form " +
                                                 quote(form->code));
        } else if (FieldKind k = form->fields[static_cast<std::size_t>(i)].kind; k != FieldKind::count) {
            ctx.error(kCandidatesFile, line, "candidate tag " + quote(tag) + " is a " + std::string(to_string(k)) +
                                                 " field of form " + quote(form->code) + "; candidates need count fields");
        }
    }
}

// District contests with an explicit district list need candidates in each of those districts.
void check_contest_districts(LoadContext& ctx, const std::map<int, int>& per_district) {
    for (const Contest& c : ctx.cb->contests) {
        const Form* form = c.form.empty() ? nullptr : ctx.cb->find_form(c.form);
        if (!form || !form->options_from_candidates) continue;
        for (int d : c.districts)
            if (!per_district.contains(d))
                ctx.error(kElectionFile, c.line, "district " + std::to_string(d) + " of contest " + quote(c.id) +
                                                     " has no candidates in candidates.csv");
    }
}

}  // namespace

void load_candidates(LoadContext& ctx, std::string_view text, bool present) {
    std::vector<const Form*> forms;
    for (const Form& f : ctx.cb->forms)
        if (f.options_from_candidates) forms.push_back(&f);
    if (!present) {
        if (!forms.empty())
            ctx.error(kCandidatesFile, 0, "missing file; form " + quote(forms.front()->code) +
                                              " takes its options from candidates");
        return;
    }
    CsvTable table = read_csv_table(text, kColumns);
    const bool unreadable = !table.errors.empty();
    for (auto& e : table.errors) ctx.error(kCandidatesFile, e.line, std::move(e.message));
    if (!table.header_ok) return;
    if (ctx.forms_declared && forms.empty() && !table.rows.empty())
        ctx.warning(kCandidatesFile, table.rows.front().line,
                    "candidates.csv is not used: no form has options = \"candidates\"");
    std::map<std::pair<int, std::string>, int> first_line;  // (district, tag) -> line
    std::map<int, int> per_district;
    for (CsvRecord& row : table.rows) {
        auto& f = row.fields;
        const int line = row.line;
        Candidate c;
        c.line = line;
        auto district = parse_int(f[c_district]);
        if (!district) {
            ctx.error(kCandidatesFile, line, "district " + quote(f[c_district]) + " is not a district number");
        } else if (ctx.districts_declared && !ctx.district(static_cast<int>(*district))) {
            ctx.error(kCandidatesFile, line, "candidate for unknown district " + f[c_district]);
        } else {
            c.district = static_cast<int>(*district);
            ++per_district[c.district];
        }
        if (!is_tag_shape(f[c_tag])) {
            ctx.error(kCandidatesFile, line, "candidate tag " + quote(f[c_tag]) + " must be 1-3 upper-case letters A-Z");
        } else {
            check_tag(ctx, line, f[c_tag], forms);
            if (district) {
                auto [it, fresh] = first_line.try_emplace({static_cast<int>(*district), f[c_tag]}, line);
                if (!fresh)
                    ctx.error(kCandidatesFile, line, "duplicate candidate tag " + quote(f[c_tag]) + " in district " +
                                                         f[c_district] + " (first on line " + std::to_string(it->second) + ")");
            }
        }
        if (f[c_name].empty()) ctx.error(kCandidatesFile, line, "empty candidate name");
        c.tag = std::move(f[c_tag]);
        c.name = std::move(f[c_name]);
        c.party = std::move(f[c_party]);
        ctx.cb->candidates.push_back(std::move(c));
    }
    if (table.rows.empty() && !unreadable && !forms.empty())
        ctx.error(kCandidatesFile, 1, "no candidates listed (only the header)");
    if (!unreadable) check_contest_districts(ctx, per_district);
}

}  // namespace smsgw
