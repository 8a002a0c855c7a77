// Shared by the validator tests: the tiny codebook built in code (no loader needed) and report builders.
#pragma once

#include "codebooks/validator.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace smsgw::test {

inline Field field(std::string tag, FieldKind kind, std::int64_t max = 99999, bool required = true) {
    Field f;
    f.tag = std::move(tag);
    f.label = f.tag;
    f.kind = kind;
    f.max = max;
    f.required = required;
    return f;
}

inline void add_check(Form& form, std::string id, std::string_view text, Severity severity, std::string message = {}) {
    ExprNames names;
    names.tag_index = [&form](std::string_view t) { return form.field_index(t); };
    names.has_options = form.kind == FormKind::results;
    auto r = Expr::compile(text, names);
    REQUIRE(std::holds_alternative<Expr>(r));
    Check c;
    c.id = std::move(id);
    c.severity = severity;
    c.message = std::move(message);
    c.expr = std::get<Expr>(std::move(r));
    form.checks.push_back(std::move(c));
}

inline Form results_form(std::string code, bool candidates) {
    Form f;
    f.code = std::move(code);
    f.kind = FormKind::results;
    f.contest = candidates ? "DM" : "PL";
    for (const char* t : {"A", "B", "C", "X", "T"}) f.fields.push_back(field(t, FieldKind::count, 5000));
    if (candidates) f.options_from_candidates = true;
    else f.option_tags = {"A", "B", "C"};
    f.invalid_tag = "X";
    f.cast_tag = "T";
    add_check(f, "sum_cast", "sum(options) + X == T", Severity::error);
    return f;
}

// The codebook of tests/codebooks/tiny, built in code so these tests do not depend on the loader.
inline Codebook make_tiny() {
    Codebook cb;
    cb.election.id = "tiny-2026";
    cb.election.station_code_width = 5;
    cb.election.languages = {"en", "ru", "kk"};
    cb.election.default_language = "en";
    cb.regions = {{"01", "North", false}, {"02", "Capital", true}};
    cb.districts = {{1, "North-1", "01"}, {2, "North-2", "01"}, {3, "Capital-1", "02"}};
    cb.strata = {{"01U", "01", true, 0, 0}, {"01R", "01", false, 0, 0}, {"02U", "02", true, 0, 0}};
    struct S {
        const char* code;
        int district;
        std::int64_t registered;
        const char* stratum;
        bool sampled;
    };
    for (const S& s : {S{"01001", 1, 1200, "01U", true}, S{"01002", 1, 1100, "01U", true},
                       S{"01003", 1, 900, "01U", false}, S{"01004", 2, 300, "01R", true},
                       S{"01005", 2, 250, "01R", true}, S{"01006", 2, 200, "01R", false},
                       S{"02001", 3, 2000, "02U", true}, S{"02002", 3, 1800, "02U", true}}) {
        Station st;
        st.code = s.code;
        st.name = s.code;
        st.region = s.district == 3 ? "02" : "01";
        st.district = s.district;
        st.registered = s.registered;
        st.stratum = s.stratum;
        st.sampled = s.sampled;
        cb.stations.push_back(st);
    }
    auto monitor = [&](std::string phone, std::vector<std::uint32_t> stations, std::vector<int> districts, bool any) {
        Monitor m;
        m.phone = std::move(phone);
        m.stations = std::move(stations);
        m.districts = std::move(districts);
        m.any_station = any;
        m.language = "en";
        cb.monitors.push_back(std::move(m));
    };
    monitor("+77010000001", {0}, {}, false);     // 01001
    monitor("+77010000002", {1, 2}, {}, false);  // 01002;01003
    monitor("+77010000004", {}, {2}, false);     // district:2
    monitor("+77010000005", {}, {}, true);       // *

    Form s;
    s.code = "S";
    s.kind = FormKind::checklist;
    s.fields = {field("A", FieldKind::time), field("B", FieldKind::yesno), field("C", FieldKind::choice),
                field("D", FieldKind::multi, 99999, false), field("E", FieldKind::count, 20)};
    s.fields[2].choices = {1, 2, 3};
    s.fields[3].choices = {1, 2, 3, 4, 5};
    cb.forms.push_back(std::move(s));

    Form r = results_form("R", false);
    add_check(r, "cast_registered", "T <= station.registered", Severity::error);
    add_check(r, "high_turnout", "T * 100 <= station.registered * 95", Severity::warning);
    cb.forms.push_back(std::move(r));
    cb.forms.push_back(results_form("D", true));

    Form n;
    n.code = "N";
    n.kind = FormKind::incident;
    n.incidents = {{1, "Ballot stuffing"}, {2, "Observer expelled"}, {3, "Voters turned away"}, {12, "Pressure"}};
    cb.forms.push_back(std::move(n));

    cb.candidates = {{1, "A", "Alpha", "PA", 0}, {1, "B", "Beta", "PB", 0}, {2, "A", "Gamma", "PA", 0},
                     {2, "B", "Delta", "PC", 0}, {3, "A", "Epsilon", "PA", 0}, {3, "B", "Zeta", "PB", 0},
                     {3, "C", "Eta", "I", 0}};
    cb.build_indexes();
    return cb;
}

inline const Codebook& tiny() {
    static const Codebook cb = make_tiny();
    return cb;
}

inline Report report(std::string form, std::string station, std::vector<std::pair<std::string, std::int64_t>> values) {
    Report r;
    r.form = std::move(form);
    r.station = std::move(station);
    int token = 2;
    for (auto& [tag, value] : values) r.values.push_back(TagValue{tag, value, token++});
    return r;
}

inline Sender from(std::string e164) {
    Sender s;
    s.raw = e164;
    s.e164 = std::move(e164);
    return s;
}

inline Sender anyone() {
    Sender s;
    s.any_station = true;
    return s;
}

inline std::vector<Code> codes(const std::vector<Issue>& issues) {
    std::vector<Code> out;
    for (const Issue& i : issues) out.push_back(i.code);
    return out;
}

inline Report good_r(std::string station = "01001") {
    return report("R", std::move(station), {{"A", 312}, {"B", 148}, {"C", 57}, {"X", 9}, {"T", 526}});
}

}  // namespace smsgw::test
