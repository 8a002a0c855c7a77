// Small codebooks built in code for the quick-count tests, and helpers to feed and compare results.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "codebooks/report.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace qc_test {

using namespace smsgw;

// A codebook assembled by hand: regions, strata, districts, stations, results forms and contests.
struct TestElection {
    Codebook cb;

    void region(const std::string& id, bool city = false) {
        Region r;
        r.id = id;
        r.name = "Region " + id;
        r.city = city;
        cb.regions.push_back(r);
    }
    void stratum(const std::string& id, const std::string& region, bool urban) {
        Stratum h;
        h.id = id;
        h.region = region;
        h.urban = urban;
        cb.strata.push_back(h);
    }
    void district(int n, const std::string& region) {
        District d;
        d.number = n;
        d.name = "District " + std::to_string(n);
        d.region = region;
        cb.districts.push_back(d);
    }
    void station(const std::string& code, const std::string& region, int district, std::int64_t registered,
                 const std::string& stratum, bool sampled) {
        Station s;
        s.code = code;
        s.name = "Station " + code;
        s.region = region;
        s.district = district;
        s.registered = registered;
        s.stratum = stratum;
        s.sampled = sampled;
        cb.stations.push_back(std::move(s));
    }
    // A results form with the given option tags (or candidates) plus X (invalid) and T (cast).
    void results_form(const std::string& code, const std::string& contest, std::vector<std::string> options,
                      bool from_candidates = false) {
        Form f;
        f.code = code;
        f.name = "Results " + contest;
        f.kind = FormKind::results;
        f.contest = contest;
        f.options_from_candidates = from_candidates;
        if (!from_candidates) f.option_tags = options;
        auto field = [&](const std::string& tag, const std::string& label) {
            Field fd;
            fd.tag = tag;
            fd.label = label;
            f.fields.push_back(fd);
        };
        for (const auto& t : options) field(t, "Party " + t);
        field("X", "Invalid");
        field("T", "Cast");
        f.invalid_tag = "X";
        f.cast_tag = "T";
        cb.forms.push_back(std::move(f));
    }
    void national(const std::string& id, const std::string& form, std::vector<std::string> options) {
        results_form(form, id, options);
        contest(id, ContestScope::national, form, {});
    }
    void by_district(const std::string& id, const std::string& form, std::vector<int> districts,
                     std::vector<std::string> field_tags) {
        results_form(form, id, field_tags, true);
        contest(id, ContestScope::district, form, std::move(districts));
    }
    void contest(const std::string& id, ContestScope scope, const std::string& form, std::vector<int> districts) {
        Contest c;
        c.id = id;
        c.name = "Contest " + id;
        c.scope = scope;
        c.form = form;
        c.districts = std::move(districts);
        cb.contests.push_back(std::move(c));
    }
    void candidate(int district, const std::string& tag) {
        Candidate c;
        c.district = district;
        c.tag = tag;
        c.name = "Candidate " + tag + std::to_string(district);
        c.party = "Party " + tag;
        cb.candidates.push_back(std::move(c));
    }
    CodebookPtr build() {
        cb.build_indexes();
        return std::make_shared<const Codebook>(cb);
    }
};

inline std::vector<TagValue> values(std::initializer_list<std::pair<const char*, std::int64_t>> list) {
    std::vector<TagValue> out;
    for (const auto& [t, v] : list) out.push_back({t, v, -1});
    return out;
}

// Options A.. in order, then X and T, from plain numbers.
inline std::vector<TagValue> counts(std::vector<std::int64_t> options, std::int64_t invalid, std::int64_t cast) {
    std::vector<TagValue> out;
    for (std::size_t i = 0; i < options.size(); ++i) out.push_back({std::string(1, char('A' + i)), options[i], -1});
    out.push_back({"X", invalid, -1});
    out.push_back({"T", cast, -1});
    return out;
}

inline std::uint32_t index_of(const QuickCount& q, const std::string& code) {
    const Station* s = q.codebook().find_station(code);
    REQUIRE(s != nullptr);
    return s->index;
}

inline bool same(const RatioEstimate& a, const RatioEstimate& b) {
    return a.defined == b.defined && a.share == b.share && a.margin95 == b.margin95 && a.margin99 == b.margin99;
}

// Bit-for-bit equality of two estimate sets (what a rebuild must reproduce).
inline void require_identical(const Estimates& a, const Estimates& b) {
    REQUIRE(a.contests.size() == b.contests.size());
    for (std::size_t i = 0; i < a.contests.size(); ++i) {
        const auto& x = a.contests[i];
        const auto& y = b.contests[i];
        CAPTURE(x.contest);
        CAPTURE(x.district);
        CHECK(x.reported == y.reported);
        CHECK(x.sampled == y.sampled);
        REQUIRE(x.options.size() == y.options.size());
        for (std::size_t k = 0; k < x.options.size(); ++k) CHECK(same(x.options[k].estimate, y.options[k].estimate));
        CHECK(same(x.turnout, y.turnout));
        CHECK(same(x.invalid, y.invalid));
        CHECK(x.has_lead == y.has_lead);
        CHECK(x.lead.a == y.lead.a);
        CHECK(x.lead.b == y.lead.b);
        CHECK(same(x.lead.estimate, y.lead.estimate));
        CHECK(x.call == y.call);
        CHECK(x.notes == y.notes);
    }
}

}  // namespace qc_test
