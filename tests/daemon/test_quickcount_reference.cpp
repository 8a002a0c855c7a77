// Quick count against numbers computed independently (tests/daemon/quickcount_reference.py), to 1e-9.
#include "daemon/quickcount/quick_count.hpp"
#include "quickcount_fixtures.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace qc_test;

namespace {

// The frame of quickcount_reference.py: 3 regions, 5 strata, 54 stations, 18 sampled.
CodebookPtr reference_frame() {
    TestElection e;
    e.region("01");
    e.region("02");
    e.region("03", true);
    e.stratum("01U", "01", true);
    e.stratum("01R", "01", false);
    e.stratum("02U", "02", true);
    e.stratum("02R", "02", false);
    e.stratum("03U", "03", true);
    e.district(1, "01");
    e.district(2, "02");
    e.district(3, "03");
    e.district(4, "01");
    auto add = [&](int from, int to, const char* region, int district, const char* stratum, std::vector<int> sampled) {
        for (int c = from; c < to; ++c) {
            bool s = std::find(sampled.begin(), sampled.end(), c) != sampled.end();
            e.station(fmt::format("{:05d}", c), region, district, 1000, stratum, s);
        }
    };
    add(1001, 1007, "01", 1, "01U", {1001, 1002, 1003});
    add(1007, 1011, "01", 4, "01U", {1007, 1008});
    add(1011, 1017, "01", 1, "01R", {1011, 1012});
    add(1017, 1023, "01", 4, "01R", {1017, 1018});
    add(2001, 2009, "02", 2, "02U", {2001, 2002, 2003});
    add(2009, 2018, "02", 2, "02R", {2009, 2010});
    add(3001, 3016, "03", 3, "03U", {3001, 3002, 3003, 3004});
    const std::map<std::string, std::int64_t> registered = {
        {"01001", 1200}, {"01002", 1100}, {"01003", 950}, {"01007", 1300}, {"01011", 420},
        {"01012", 380},  {"01017", 510},  {"02001", 1500}, {"02002", 1400}, {"02009", 600},
        {"03001", 2000}, {"03002", 1800}, {"03003", 1900}};
    for (auto& s : e.cb.stations)
        if (auto it = registered.find(s.code); it != registered.end()) s.registered = it->second;
    e.national("PL", "R", {"A", "B", "C"});
    e.by_district("DM", "D", {1, 3}, {"A", "B", "C"});
    e.candidate(1, "A");
    e.candidate(1, "B");
    e.candidate(3, "A");
    e.candidate(3, "B");
    e.candidate(3, "C");
    return e.build();
}

struct Row {
    const char* code;
    std::vector<std::int64_t> options;
    std::int64_t invalid, cast;
};

const std::vector<Row> pl = {
    {"01001", {410, 280, 95}, 12, 797},   {"01002", {380, 301, 120}, 9, 810},  {"01003", {350, 240, 60}, 15, 665},
    {"01007", {455, 390, 101}, 20, 966},  {"01011", {190, 80, 25}, 7, 302},    {"01012", {150, 95, 30}, 4, 279},
    {"01017", {240, 70, 41}, 11, 362},    {"02001", {420, 510, 140}, 18, 1088}, {"02002", {390, 470, 160}, 25, 1045},
    {"02009", {210, 150, 55}, 6, 421},    {"03001", {520, 610, 300}, 30, 1460}, {"03002", {480, 590, 280}, 22, 1372},
    {"03003", {505, 560, 330}, 41, 1436}};
const std::vector<Row> dm = {
    {"01001", {500, 280}, 17, 797},         {"01002", {450, 340}, 20, 810}, {"01003", {400, 250}, 15, 665},
    {"01011", {200, 90}, 12, 302},          {"01012", {170, 100}, 9, 279},
    {"03001", {700, 500, 230}, 30, 1460},   {"03002", {650, 480, 220}, 22, 1372}};

struct Expected {
    double share, m95, m99;
};

void near(const RatioEstimate& r, Expected x, bool with99 = true) {
    REQUIRE(r.defined);
    CHECK(std::abs(r.share - x.share) < 1e-9);
    CHECK(std::abs(r.margin95 - x.m95) < 1e-9);
    if (with99) CHECK(std::abs(r.margin99 - x.m99) < 1e-9);
}

QuickCount fed() {
    QuickCount q(reference_frame());
    for (const auto& r : pl) REQUIRE(q.set_result(index_of(q, r.code), "R", counts(r.options, r.invalid, r.cast)) == QuickCount::Outcome::counted);
    for (const auto& r : dm) REQUIRE(q.set_result(index_of(q, r.code), "D", counts(r.options, r.invalid, r.cast)) == QuickCount::Outcome::counted);
    return q;
}

}  // namespace

TEST_CASE("national contest with a merged region matches the independent reference") {
    QuickCount q = fed();
    Estimates est = q.estimate();
    REQUIRE(est.contests.size() == 3);
    const ContestEstimate& c = est.contests[0];
    CHECK(c.contest == "PL");
    CHECK(c.district == 0);
    CHECK(c.sampled == 18);
    CHECK(c.reported == 13);
    REQUIRE(c.options.size() == 3);
    // python3 tests/daemon/quickcount_reference.py
    near(c.options[0].estimate, {0.419886959686570, 0.017051495600467, 0.022445336045512});
    near(c.options[1].estimate, {0.411287617661122, 0.021072991097601, 0.027738937261128});
    near(c.options[2].estimate, {0.168825422652308, 0.009998146501009, 0.013160825496226});
    near(c.turnout, {0.734116862121173, 0.010453460984070, 0}, false);
    near(c.invalid, {0.020358084158866, 0.003371440017777, 0}, false);
    REQUIRE(c.has_lead);
    CHECK(c.lead.a == "A");
    CHECK(c.lead.b == "B");
    near(c.lead.estimate, {0.008599342025448, 0.037009268819702, 0.048716282425934});
    CHECK(c.call == Call::run_off);
    CHECK(c.call_text() == "run-off");
    CHECK(c.complete_coverage);
    REQUIRE(c.notes.size() == 1);
    CHECK(c.notes[0] == "02U+02R: merged (a stratum has fewer than 2 reports)");
}

TEST_CASE("district contest: each district estimated on its own strata") {
    QuickCount q = fed();
    Estimates est = q.estimate();
    const ContestEstimate& d1 = est.contests[1];
    CHECK(d1.contest == "DM");
    CHECK(d1.district == 1);
    CHECK(d1.sampled == 5);
    CHECK(d1.reported == 5);
    REQUIRE(d1.options.size() == 2);
    CHECK(d1.options[0].name == "Candidate A1");
    near(d1.options[0].estimate, {0.622549019607843, 0.026318708672815, 0.034644014477482});
    near(d1.options[1].estimate, {0.377450980392157, 0.026318708672815, 0.034644014477482});
    near(d1.turnout, {0.706404494382022, 0.022753400699013, 0}, false);
    near(d1.invalid, {0.026562748528710, 0.002088536246864, 0}, false);
    near(d1.lead.estimate, {0.245098039215686, 0.052637417345631, 0.069288028954963});
    CHECK(d1.call_text() == "first-round win A");
    CHECK(d1.notes.empty());

    const ContestEstimate& d3 = est.contests[2];
    CHECK(d3.district == 3);
    CHECK(d3.sampled == 4);
    CHECK(d3.reported == 2);
    REQUIRE(d3.options.size() == 3);
    near(d3.options[0].estimate, {0.485611510791367, 0.007319041673649, 0.009634248733680});
    near(d3.options[1].estimate, {0.352517985611511, 0.005383037101909, 0.007085834552513});
    near(d3.options[2].estimate, {0.161870503597122, 0.001936004571739, 0.002548414181167});
    near(d3.turnout, {0.745263157894737, 0.029315878267325, 0}, false);
    near(d3.invalid, {0.018361581920904, 0.004113334669813, 0}, false);
    CHECK(d3.lead.a == "A");
    CHECK(d3.lead.b == "B");
    near(d3.lead.estimate, {0.133093525179856, 0.012702078775558, 0.016720083286194});
    CHECK(d3.call == Call::run_off);
}

TEST_CASE("progress per contest, stratum and region") {
    QuickCount q = fed();
    auto p = q.progress();
    REQUIRE(p.size() == 3);
    CHECK(p[0].total.sampled == 18);
    CHECK(p[0].total.reported == 13);
    CHECK(p[0].total.missing() == 5);
    REQUIRE(p[0].strata.size() == 5);
    CHECK(p[0].strata[3].id == "02R");
    CHECK(p[0].strata[3].sampled == 2);
    CHECK(p[0].strata[3].reported == 1);
    REQUIRE(p[0].regions.size() == 3);
    CHECK(p[0].regions[0].id == "01");
    CHECK(p[0].regions[0].sampled == 9);
    CHECK(p[0].regions[0].reported == 7);
    // District 1 is the 01U and 01R stations of district 1 only.
    CHECK(p[1].district == 1);
    REQUIRE(p[1].strata.size() == 2);
    CHECK(p[1].strata[0].sampled == 3);
    CHECK(p[1].strata[1].sampled == 2);
    auto missing = q.missing_stations("PL");
    std::vector<std::string> codes;
    for (auto i : missing) codes.push_back(q.codebook().stations[i].code);
    CHECK(codes == std::vector<std::string>{"01008", "01018", "02003", "02010", "03004"});
}
