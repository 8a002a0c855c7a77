// Quick-count updates: thin and empty strata, empty contests, corrections, conflicts, order independence.
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "quickcount_fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace qc_test;
using O = QuickCount::Outcome;

namespace {

// Regions 01 (urban + rural, district 1) and 02 (one urban stratum, district 2); 10 stations per
// stratum, the first 5 of each sampled. Station codes RRHNN: region, 1 urban / 2 rural, number.
CodebookPtr small_frame() {
    TestElection e;
    e.region("01");
    e.region("02", true);
    e.stratum("01U", "01", true);
    e.stratum("01R", "01", false);
    e.stratum("02U", "02", true);
    e.district(1, "01");
    e.district(2, "02");
    for (const char* h : {"01U", "01R", "02U"}) {
        std::string region(h, 2);
        int kind = h[2] == 'U' ? 1 : 2;
        for (int i = 0; i < 10; ++i)
            e.station(fmt::format("{}{}{:02d}", region, kind, i), region, region == "01" ? 1 : 2, 800 + 37 * i, h, i < 5);
    }
    e.national("PL", "R", {"A", "B", "C"});
    e.by_district("DM", "D", {1, 2}, {"A", "B"});
    e.candidate(1, "A");
    e.candidate(1, "B");
    return e.build();
}

// Deterministic, varied results for station i of a contest with k options.
std::vector<TagValue> result_for(int i, std::size_t k, int version = 0) {
    std::vector<std::int64_t> o;
    std::int64_t valid = 0;
    for (std::size_t j = 0; j < k; ++j) {
        o.push_back(100 + (37 * i + 53 * static_cast<int>(j) + 11 * version) % 170);
        valid += o.back();
    }
    std::int64_t x = 3 + i % 7;
    return counts(o, x, valid + x);
}

void require_finite(const Estimates& est) {
    auto finite = [](const RatioEstimate& r) {
        return std::isfinite(r.share) && std::isfinite(r.margin95) && std::isfinite(r.margin99) &&
               std::isfinite(r.variance) && r.margin95 >= 0;
    };
    for (const auto& c : est.contests) {
        for (const auto& o : c.options) CHECK(finite(o.estimate));
        CHECK(finite(c.turnout));
        CHECK(finite(c.invalid));
        CHECK(finite(c.lead.estimate));
    }
    std::string json = estimates_json(est);
    CHECK(json.find("nan") == std::string::npos);
    CHECK(json.find("inf") == std::string::npos);
}

std::vector<std::string> sampled_codes(const QuickCount& q, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& s : q.codebook().stations)
        if (s.sampled && s.code.rfind(prefix, 0) == 0) out.push_back(s.code);
    return out;
}

}  // namespace

TEST_CASE("a contest with no reports says no data, with no number invented") {
    QuickCount q(small_frame());
    Estimates est = q.estimate();
    REQUIRE(est.contests.size() == 3);  // PL, DM district 1, DM district 2
    for (const auto& c : est.contests) {
        CHECK(c.reported == 0);
        CHECK(c.call == Call::no_data);
        CHECK(c.call_text() == "no data");
        CHECK_FALSE(c.has_lead);
        for (const auto& o : c.options) CHECK_FALSE(o.estimate.defined);
        CHECK_FALSE(c.turnout.defined);
    }
    CHECK(est.contests[0].sampled == 15);
    CHECK(est.contests[2].options.empty());  // district 2 has no candidates
    require_finite(est);
    CHECK(estimates_json(est).find(R"("share":null)") != std::string::npos);
}

TEST_CASE("strata with 0 and 1 reports are merged within their region, or flagged") {
    QuickCount q(small_frame());
    // 01U: 3 reports, 01R: 1 report, 02U: 0 reports.
    int i = 0;
    for (const char* code : {"01100", "01101", "01102", "01200"})
        REQUIRE(q.set_result(index_of(q, code), "R", result_for(i++, 3)) == O::counted);
    Estimates est = q.estimate();
    const ContestEstimate& c = est.contests[0];
    CHECK(c.reported == 4);
    CHECK(c.notes == std::vector<std::string>{"01U+01R: merged (a stratum has fewer than 2 reports)",
                                              "02U: no reports, its 10 stations are not represented",
                                              "call withheld: part of the frame has no reports"});
    CHECK_FALSE(c.complete_coverage);
    CHECK(c.call == Call::undetermined);
    for (const auto& o : c.options) CHECK(o.estimate.defined);
    require_finite(est);

    // One report in region 02: the lonely station's own residual gives its variance.
    REQUIRE(q.set_result(index_of(q, "02100"), "R", result_for(i++, 3)) == O::counted);
    est = q.estimate();
    CHECK(est.contests[0].notes ==
          std::vector<std::string>{"01U+01R: merged (a stratum has fewer than 2 reports)",
                                   "02U: 1 report, variance from that station's own residual",
                                   "call withheld: a stratum has a single report, its margin is not reliable"});
    CHECK(est.contests[0].complete_coverage);
    CHECK(est.contests[0].call == Call::undetermined);
    CHECK(est.contests[0].options[0].estimate.margin95 > 0);
    require_finite(est);

    // A second rural report lifts the merge: four strata-level terms instead of three.
    RatioEstimate merged = est.contests[0].options[0].estimate;
    REQUIRE(q.set_result(index_of(q, "01201"), "R", result_for(i++, 3)) == O::counted);
    REQUIRE(q.set_result(index_of(q, "02101"), "R", result_for(i++, 3)) == O::counted);
    est = q.estimate();
    CHECK(est.contests[0].notes.empty());
    CHECK(est.contests[0].options[0].estimate.share != merged.share);
    require_finite(est);
}

TEST_CASE("a station corrected twice counts only with its last values") {
    QuickCount live(small_frame());
    QuickCount fresh(small_frame());
    auto codes = sampled_codes(live, "01");
    for (std::size_t i = 0; i < codes.size(); ++i) {
        REQUIRE(live.set_result(index_of(live, codes[i]), "R", result_for(int(i), 3)) == O::counted);
        if (i != 2) REQUIRE(fresh.set_result(index_of(fresh, codes[i]), "R", result_for(int(i), 3)) == O::counted);
    }
    Estimates first = live.estimate();
    REQUIRE(live.set_result(index_of(live, codes[2]), "R", result_for(2, 3, 1)) == O::counted);
    CHECK(live.estimate().contests[0].options[0].estimate.share != first.contests[0].options[0].estimate.share);
    REQUIRE(live.set_result(index_of(live, codes[2]), "PL", result_for(2, 3, 2)) == O::counted);  // by contest id
    REQUIRE(fresh.set_result(index_of(fresh, codes[2]), "R", result_for(2, 3, 2)) == O::counted);
    CHECK(live.estimate().contests[0].reported == codes.size());
    require_identical(live.estimate(), fresh.estimate());
}

TEST_CASE("a conflict withdraws the station until it is resolved") {
    QuickCount q(small_frame());
    QuickCount without(small_frame());
    auto codes = sampled_codes(q, "0");
    for (std::size_t i = 0; i < codes.size(); ++i) {
        REQUIRE(q.set_result(index_of(q, codes[i]), "R", result_for(int(i), 3)) == O::counted);
        if (i != 4) without.set_result(index_of(without, codes[i]), "R", result_for(int(i), 3));
    }
    Estimates before = q.estimate();
    CHECK(q.withdraw(index_of(q, codes[4]), "R") == O::withdrawn);
    CHECK(q.withdraw(index_of(q, codes[4]), "R") == O::not_counted);
    CHECK(q.estimate().contests[0].reported == codes.size() - 1);
    require_identical(q.estimate(), without.estimate());
    CHECK(q.missing_stations("PL") == std::vector<std::uint32_t>{index_of(q, codes[4])});
    // Resolved in favour of the first values.
    REQUIRE(q.set_result(index_of(q, codes[4]), "R", result_for(4, 3)) == O::counted);
    require_identical(q.estimate(), before);
    CHECK(q.missing_stations("PL").empty());
}

TEST_CASE("only sampled stations in scope count; incomplete or absurd values withdraw") {
    QuickCount q(small_frame());
    const auto r = result_for(0, 3);
    CHECK(q.set_result(index_of(q, "01107"), "R", r) == O::not_sampled);
    CHECK(q.set_result(9999, "R", r) == O::unknown_station);
    CHECK(q.set_result(index_of(q, "01100"), "Q", r) == O::unknown_contest);
    CHECK(q.set_result(index_of(q, "02100"), "D", result_for(0, 2)) == O::counted);  // district 2: no options
    CHECK(q.withdraw(index_of(q, "02100"), "DM") == O::withdrawn);
    TestElection e;
    e.region("01");
    e.stratum("01U", "01", true);
    e.district(1, "01");
    e.district(2, "01");
    e.station("00001", "01", 1, 500, "01U", true);
    e.station("00002", "01", 2, 500, "01U", true);
    e.by_district("DM", "D", {1}, {"A", "B"});
    e.candidate(1, "A");
    e.candidate(1, "B");
    QuickCount d(e.build());
    CHECK(d.set_result(1, "D", result_for(0, 2)) == O::out_of_scope);
    CHECK(d.withdraw(1, "DM") == O::out_of_scope);

    REQUIRE(q.set_result(index_of(q, "01100"), "R", r) == O::counted);
    CHECK(q.estimate().contests[0].reported == 1);
    CHECK(q.set_result(index_of(q, "01100"), "R", values({{"A", 1}, {"B", 2}, {"X", 0}, {"T", 3}})) == O::incomplete);
    CHECK(q.estimate().contests[0].reported == 0);
    REQUIRE(q.set_result(index_of(q, "01100"), "R", r) == O::counted);
    CHECK(q.set_result(index_of(q, "01100"), "R", values({{"A", -1}, {"B", 2}, {"C", 0}, {"X", 0}, {"T", 3}})) == O::bad_value);
    CHECK(q.estimate().contests[0].reported == 0);
    // Extra tags (a comment field, a stray candidate) are ignored.
    auto extra = r;
    extra.push_back({"Z", 77, -1});
    CHECK(q.set_result(index_of(q, "01100"), "R", extra) == O::counted);
    CHECK(to_string(O::bad_value) == "bad_value");
}

TEST_CASE("zero valid votes everywhere is no data, and a fully counted stratum has no variance") {
    QuickCount q(small_frame());
    for (const auto& code : sampled_codes(q, "0"))
        REQUIRE(q.set_result(index_of(q, code), "R", counts({0, 0, 0}, 5, 5)) == O::counted);
    Estimates est = q.estimate();
    CHECK(est.contests[0].call == Call::no_data);
    CHECK_FALSE(est.contests[0].options[0].estimate.defined);
    CHECK(est.contests[0].invalid.defined);
    CHECK(est.contests[0].invalid.share == 1.0);
    require_finite(est);

    TestElection e;
    e.region("01");
    e.stratum("01U", "01", true);
    e.district(1, "01");
    for (int i = 0; i < 4; ++i) e.station(fmt::format("0000{}", i), "01", 1, 1000, "01U", true);
    e.national("PL", "R", {"A", "B"});
    QuickCount all(e.build());
    for (std::uint32_t i = 0; i < 4; ++i) all.set_result(i, "R", counts({300 + 40 * i, 200 - 30 * i}, 4, 504 + 10 * i));
    est = all.estimate();
    CHECK(est.contests[0].options[0].estimate.margin95 == 0);
    CHECK(est.contests[0].options[0].estimate.share == doctest::Approx(1440.0 / 2060.0));
}

TEST_CASE("rebuilding from the same inputs in any order gives identical estimates") {
    auto cb = small_frame();
    QuickCount live(cb);
    std::vector<std::pair<std::string, int>> log;  // the order the reports arrived in
    auto codes = sampled_codes(live, "0");
    // Live: every station, corrections and a withdrawn-then-resolved conflict along the way.
    for (std::size_t i = 0; i < codes.size(); ++i) {
        live.set_result(index_of(live, codes[i]), "R", result_for(int(i), 3));
        if (codes[i].rfind("01", 0) == 0) live.set_result(index_of(live, codes[i]), "D", result_for(int(i), 2));
        if (i % 4 == 1) live.set_result(index_of(live, codes[i]), "R", result_for(int(i), 3, 1));
        if (i % 5 == 2) live.withdraw(index_of(live, codes[i]), "R");
        if (i % 10 == 2) live.set_result(index_of(live, codes[i]), "R", result_for(int(i), 3, 3));
    }
    // Rebuild: only the final state, in reverse order.
    QuickCount rebuilt(cb);
    for (std::size_t j = codes.size(); j-- > 0;) {
        int i = int(j);
        bool withdrawn = j % 5 == 2 && j % 10 != 2;
        int version = j % 10 == 2 ? 3 : j % 4 == 1 ? 1 : 0;
        if (codes[j].rfind("01", 0) == 0) rebuilt.set_result(index_of(rebuilt, codes[j]), "D", result_for(i, 2));
        if (!withdrawn) rebuilt.set_result(index_of(rebuilt, codes[j]), "R", result_for(i, 3, version));
    }
    require_identical(live.estimate(), rebuilt.estimate());
    // And clear() followed by the same feed is the same again.
    live.clear();
    CHECK(live.estimate().contests[0].reported == 0);
    for (std::size_t j = 0; j < codes.size(); ++j) {
        int i = int(j);
        bool withdrawn = j % 5 == 2 && j % 10 != 2;
        int version = j % 10 == 2 ? 3 : j % 4 == 1 ? 1 : 0;
        if (!withdrawn) live.set_result(index_of(live, codes[j]), "R", result_for(i, 3, version));
        if (codes[j].rfind("01", 0) == 0) live.set_result(index_of(live, codes[j]), "D", result_for(i, 2));
    }
    require_identical(live.estimate(), rebuilt.estimate());
}
