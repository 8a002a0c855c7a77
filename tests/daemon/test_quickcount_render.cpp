// The quick count's JSON (SPEC.md section 7 shape, fractions) and its human-readable table.
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/quickcount/estimates_table.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "quickcount_fixtures.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>

using namespace qc_test;
namespace json = boost::json;

namespace {

// One region of 10 stations, all sampled, 4 of them reporting; a district contest in district 1
// (candidates A, B) and district 2 (no reports).
QuickCount fed() {
    TestElection e;
    e.region("01");
    e.stratum("01U", "01", true);
    e.district(1, "01");
    e.district(2, "01");
    for (int i = 0; i < 10; ++i) e.station(fmt::format("0000{}", i), "01", i < 5 ? 1 : 2, 1000, "01U", true);
    e.cb.districts[0].name = "Северный";
    e.national("PL", "R", {"A", "B", "C"});
    e.by_district("DM", "D", {1, 2}, {"A", "B"});
    e.candidate(1, "A");
    e.candidate(1, "B");
    e.candidate(2, "A");
    e.candidate(2, "B");
    QuickCount q(e.build());
    const std::int64_t a[] = {300, 320, 280, 310};
    for (std::uint32_t i = 0; i < 4; ++i) {
        q.set_result(i, "R", counts({a[i], 150, 50}, 10, a[i] + 210));
        q.set_result(i, "D", counts({a[i], 200}, 10, a[i] + 210));
    }
    return q;
}

std::set<std::string> keys(const json::object& o) {
    std::set<std::string> out;
    for (const auto& kv : o) out.insert(std::string(kv.key()));
    return out;
}

}  // namespace

TEST_CASE("JSON has the SPEC shape, fractions, and null where there is no data") {
    QuickCount q = fed();
    Estimates est = q.estimate();
    json::value v = json::parse(estimates_json(est));
    const json::array& contests = v.at("contests").as_array();
    REQUIRE(contests.size() == 3);

    const json::object& pl = contests[0].as_object();
    CHECK(keys(pl) == std::set<std::string>{"contest", "reported", "sampled", "options", "turnout", "invalid", "lead",
                                            "call", "notes"});
    CHECK(pl.at("contest").as_string() == "PL");
    CHECK(pl.at("reported").to_number<int>() == 4);
    CHECK(pl.at("sampled").to_number<int>() == 10);
    const json::array& options = pl.at("options").as_array();
    REQUIRE(options.size() == 3);
    const json::object& a = options[0].as_object();
    CHECK(keys(a) == std::set<std::string>{"tag", "name", "share", "margin95", "margin99"});
    CHECK(a.at("tag").as_string() == "A");
    CHECK(a.at("name").as_string() == "Party A");
    CHECK(a.at("share").as_double() == est.contests[0].options[0].estimate.share);  // exact round trip
    CHECK(a.at("share").as_double() == doctest::Approx(1210.0 / 2010.0));          // a fraction, not percent
    CHECK(a.at("margin99").as_double() > a.at("margin95").as_double());
    CHECK(keys(pl.at("turnout").as_object()) == std::set<std::string>{"share", "margin95"});
    CHECK(keys(pl.at("invalid").as_object()) == std::set<std::string>{"share", "margin95"});
    const json::object& lead = pl.at("lead").as_object();
    CHECK(keys(lead) == std::set<std::string>{"a", "b", "share", "margin95", "margin99"});
    CHECK(lead.at("a").as_string() == "A");
    CHECK(lead.at("b").as_string() == "B");
    CHECK(lead.at("share").as_double() == doctest::Approx((1210.0 - 600.0) / 2010.0));
    CHECK(pl.at("call").as_string() == "first-round win A");

    const json::object& d1 = contests[1].as_object();
    CHECK(d1.at("contest").as_string() == "DM");
    CHECK(d1.at("district").to_number<int>() == 1);
    CHECK(d1.at("options").as_array()[0].at("name").as_string() == "Candidate A1");

    const json::object& d2 = contests[2].as_object();
    CHECK(d2.at("district").to_number<int>() == 2);
    CHECK(d2.at("reported").to_number<int>() == 0);
    CHECK(d2.at("call").as_string() == "no data");
    CHECK(d2.at("options").as_array()[0].at("share").is_null());
    CHECK(d2.at("turnout").at("margin95").is_null());
    CHECK(d2.at("lead").is_null());
    CHECK(d2.at("notes").as_array()[0].as_string() == "no reports");
}

TEST_CASE("progress JSON per contest, stratum and region") {
    json::value v = to_json(fed().progress());
    const json::object& pl = v.as_array()[0].as_object();
    CHECK(pl.at("sampled").to_number<int>() == 10);
    CHECK(pl.at("reported").to_number<int>() == 4);
    CHECK(pl.at("missing").to_number<int>() == 6);
    CHECK(pl.at("strata").as_array()[0].at("id").as_string() == "01U");
    CHECK(pl.at("regions").as_array()[0].at("missing").to_number<int>() == 6);
    CHECK(v.as_array()[2].at("district").to_number<int>() == 2);
}

TEST_CASE("the table shows percent, margins, intervals, progress and the call") {
    QuickCount q = fed();
    Estimates est = q.estimate();
    std::string t = render_table(est);
    const RatioEstimate& a = est.contests[0].options[0].estimate;
    INFO(t);
    CHECK(t.find("PL Contest PL: 4 of 10 sampled stations reported (40.0%)") != std::string::npos);
    CHECK(t.find(fmt::format("\n  A   Party A{:19} {:7.2f}%  ±{:5.2f}   {:6.2f}% .. {:6.2f}%   ±{:5.2f}\n", "",
                             100 * a.share, 100 * a.margin95, 100 * (a.share - a.margin95),
                             100 * (a.share + a.margin95), 100 * a.margin99)) != std::string::npos);
    CHECK(t.find("  turnout ") != std::string::npos);
    CHECK(t.find("lead A over B (points)") != std::string::npos);
    CHECK(t.find("call: first-round win A") != std::string::npos);
    CHECK(t.find("district 1 (Северный)") != std::string::npos);
    CHECK(t.find("call: no data") != std::string::npos);
    CHECK(t.find("note: no reports") != std::string::npos);
}
