// The forms of tests/codebooks/tiny built in code, for parser tests that must not depend on the loader.
#pragma once

#include "codebooks/codebook.hpp"

#include <string>
#include <vector>

namespace smsgw::test {

inline Field make_field(std::string tag, FieldKind kind, std::vector<int> choices = {}) {
    Field f;
    f.tag = std::move(tag);
    f.label = f.tag;
    f.kind = kind;
    f.choices = std::move(choices);
    if (kind == FieldKind::count) f.max = 5000;
    return f;
}

inline Form make_results_form(std::string code, std::string contest) {
    Form r;
    r.code = std::move(code);
    r.name = r.code;
    r.kind = FormKind::results;
    r.contest = std::move(contest);
    for (const char* t : {"A", "B", "C", "X", "T"}) r.fields.push_back(make_field(t, FieldKind::count));
    r.option_tags = {"A", "B", "C"};
    r.invalid_tag = "X";
    r.cast_tag = "T";
    return r;
}

// Forms S (checklist: A time, B yesno, C choice, D multi, E count), R and D (results A B C X T),
// N (incidents 1 2 3 12); station codes are 5 digits; stations 01234 and 00007 exist.
inline Codebook tiny_codebook() {
    Codebook cb;
    cb.election.id = "tiny-2026";
    cb.election.station_code_width = 5;
    Form s;
    s.code = "S";
    s.name = "Setup";
    s.kind = FormKind::checklist;
    s.fields.push_back(make_field("A", FieldKind::time));
    s.fields.push_back(make_field("B", FieldKind::yesno));
    s.fields.push_back(make_field("C", FieldKind::choice, {1, 2, 3}));
    s.fields.push_back(make_field("D", FieldKind::multi, {1, 2, 3, 4, 5}));
    s.fields.back().required = false;
    s.fields.push_back(make_field("E", FieldKind::count));
    s.fields.back().max = 20;
    cb.forms.push_back(s);
    cb.forms.push_back(make_results_form("R", "PL"));
    cb.forms.push_back(make_results_form("D", "DM"));
    Form n;
    n.code = "N";
    n.name = "Incident";
    n.kind = FormKind::incident;
    n.incidents = {{1, "Ballot stuffing"}, {2, "Observer expelled"}, {3, "Voters turned away"}, {12, "Pressure"}};
    cb.forms.push_back(n);
    for (const char* code : {"01234", "00007"}) {
        Station st;
        st.code = code;
        st.registered = 1000;
        cb.stations.push_back(st);
    }
    cb.build_indexes();
    return cb;
}

}  // namespace smsgw::test
