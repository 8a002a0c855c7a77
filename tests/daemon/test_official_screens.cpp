// The anomaly screens, the verdict rule and the regional estimate on hand-made numbers: each screen fires on its case and stays quiet otherwise.
#include "codebooks/codebook_loader.hpp"
#include "daemon/official/anomaly_screens.hpp"
#include "daemon/official/contest_verdicts.hpp"
#include "daemon/official/station_diff.hpp"
#include "tests/support/files.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

using namespace smsgw;
using namespace smsgw::official;

namespace {

using smsgw::test::slurp;

CodebookPtr load(const std::string& dir) {
    CodebookSources s = smsgw::test::codebook_sources(dir);
    LoadResult r = load_codebook(s);
    REQUIRE(r.ok());
    return r.codebook;
}

const Codebook& example() {
    static const CodebookPtr cb = load(std::string(SMSGW_SOURCE_DIR) + "/codebooks/example");
    return *cb;
}

const Codebook& tiny() {
    static const CodebookPtr cb = load(std::string(SMSGW_TEST_DATA) + "/codebooks/tiny");
    return *cb;
}

// Example form R: A..H, X, T. Votes a and b for A and B, 10 for each of C..H, x invalid.
StationValues r_row(const Station& s, std::int64_t a, std::int64_t b, std::int64_t x = 5) {
    const Form* f = example().find_form("R");
    StationValues v{s.index, f, {}, 0};
    std::int64_t total = x;
    for (const auto& tag : f->option_tags) {
        std::int64_t n = tag == "A" ? a : tag == "B" ? b : 10;
        v.values.push_back({tag, n, -1});
        total += n;
    }
    v.values.push_back({"X", x, -1});
    v.values.push_back({"T", total, -1});
    return v;
}

std::vector<const Station*> stratum(const Codebook& cb, const std::string& id, std::size_t n) {
    std::vector<const Station*> out;
    for (const auto& s : cb.stations)
        if (s.stratum == id && s.registered >= 600 && out.size() < n) out.push_back(&s);  // no turnout screens
    REQUIRE(out.size() == n);
    return out;
}

std::size_t count(const std::vector<Anomaly>& list, const std::string& screen, const std::string& station = "") {
    std::size_t n = 0;
    for (const auto& a : list) n += a.screen == screen && (station.empty() || a.station == station);
    return n;
}

}  // namespace

TEST_CASE("a homogeneous stratum puts nobody on the call list") {
    const auto stations = stratum(example(), "03R", 30);
    std::vector<StationValues> rows;
    for (std::size_t i = 0; i < stations.size(); ++i)
        rows.push_back(r_row(*stations[i], 100 + static_cast<std::int64_t>(i % 7), 60 + static_cast<std::int64_t>(i % 5),
                             3 + static_cast<std::int64_t>(i % 3)));
    auto list = screen_anomalies(example(), rows, "official", {});
    for (const auto& a : list) MESSAGE(a.screen << " " << a.detail);
    CHECK(list.empty());
}

TEST_CASE("each screen names its numbers and says check") {
    const auto stations = stratum(example(), "03R", 30);
    std::vector<StationValues> rows;
    for (std::size_t i = 0; i < stations.size(); ++i)
        rows.push_back(r_row(*stations[i], 100 + static_cast<std::int64_t>(i % 7), 60 + static_cast<std::int64_t>(i % 5),
                             3 + static_cast<std::int64_t>(i % 3)));
    const Station& big = *stations[3];
    rows[3] = r_row(big, big.registered, 10);  // cast = registered + 70 + 5: over 100%
    rows[4] = r_row(*stations[4], 400, 5);     // A's share far above the stratum's
    rows[5] = r_row(*stations[5], 100, 60, 60);  // invalid far above
    rows[6] = r_row(*stations[6], 101, 61, 4);   // the same as row 7
    rows[7] = r_row(*stations[7], 101, 61, 4);
    auto list = screen_anomalies(example(), rows, "official", {});
    CHECK(count(list, "turnout_over_100", big.code) == 1);
    CHECK(count(list, "share_outlier", stations[4]->code) >= 1);
    CHECK(count(list, "invalid_outlier", stations[5]->code) == 1);
    CHECK(count(list, "identical_results", stations[6]->code) == 1);
    CHECK(count(list, "identical_results", stations[7]->code) == 1);
    for (const auto& a : list) {
        CHECK(a.source == "official");
        CHECK(a.detail.find("check") != std::string::npos);
        CHECK(a.detail.find("fraud") == std::string::npos);
        CHECK_FALSE(a.values.empty());
    }
    // Screens run per source: the same rows as monitors' reports say so.
    auto observed = screen_anomalies(example(), rows, "observer", {});
    CHECK(observed.size() == list.size());
    CHECK(observed[0].detail.find("monitor's report") != std::string::npos);

    // Thresholds move the screens: identical results need a minimum of ballots.
    ScreenThresholds th;
    th.identical_min_cast = 1e9;
    CHECK(count(screen_anomalies(example(), rows, "official", th), "identical_results") == 0);
}

TEST_CASE("turnout_high and round_turnout") {
    // Tiny 01001: 1200 registered. 900 cast = 75% exactly; 1140 = 95%.
    const Codebook& cb = tiny();
    const Form* f = cb.find_form("R");
    auto row = [&](const char* code, std::int64_t a) {
        const Station* s = cb.find_station(code);
        return StationValues{s->index, f, {{"A", a, -1}, {"B", 0, -1}, {"C", 0, -1}, {"X", 0, -1}, {"T", a, -1}}, 0};
    };
    std::vector<StationValues> rows = {row("01001", 900), row("01002", 1089)};  // 1100 registered: 99%
    auto list = screen_anomalies(cb, rows, "observer", {});
    CHECK(count(list, "round_turnout", "01001") == 1);
    CHECK(count(list, "turnout_high", "01001") == 0);  // 75% is under 90%
    CHECK(count(list, "turnout_high", "01002") == 1);
    CHECK(count(list, "round_turnout", "01002") == 0);
    ScreenThresholds th;
    th.round_step = 0;
    CHECK(count(screen_anomalies(cb, rows, "observer", th), "round_turnout") == 0);
}

TEST_CASE("verdicts: inside the 95% interval, inside only the 99% one, outside both, no estimate") {
    RatioEstimate e;
    e.defined = true;
    e.share = 0.50;
    e.margin95 = 0.02;
    e.margin99 = 0.03;
    CHECK(judge(Measure::option, "A", "", 0.51, e).verdict == Verdict::inside95);
    CHECK(judge(Measure::option, "A", "", 0.52, e).verdict == Verdict::inside95);  // the bound itself
    CHECK(judge(Measure::option, "A", "", 0.525, e).verdict == Verdict::inside99);
    CHECK(judge(Measure::option, "A", "", 0.475, e).verdict == Verdict::inside99);
    CHECK(judge(Measure::option, "A", "", 0.54, e).verdict == Verdict::outside);
    MeasureVerdict none = judge(Measure::turnout, "", "", 0.6, RatioEstimate{});
    CHECK(none.verdict == Verdict::no_estimate);
    CHECK_FALSE(none.estimate.has_value());
}

TEST_CASE("the regional estimate is the region's own combined ratio; official sums cover every row of the scope") {
    const CodebookPtr ptr = load(std::string(SMSGW_TEST_DATA) + "/codebooks/tiny");
    const Codebook& cb = *ptr;  // rows name the forms of the codebook the count was built with
    QuickCount qc(ptr);
    const Form* f = cb.find_form("R");
    auto values = [](std::int64_t a, std::int64_t b, std::int64_t c) {
        return std::vector<TagValue>{{"A", a, -1}, {"B", b, -1}, {"C", c, -1}, {"X", 1, -1}, {"T", a + b + c + 1, -1}};
    };
    // Region 01: 01U (3 stations, 01001 01002 sampled) and 01R (3 stations, 01004 01005 sampled): w = 3/2 in both.
    qc.set_result(cb.find_station("01001")->index, "R", values(300, 200, 100));
    qc.set_result(cb.find_station("01002")->index, "R", values(200, 200, 100));
    qc.set_result(cb.find_station("01004")->index, "R", values(50, 100, 50));
    qc.set_result(cb.find_station("01005")->index, "R", values(60, 60, 30));
    qc.set_result(cb.find_station("02001")->index, "R", values(900, 100, 100));
    ContestEstimate r = qc.estimate_region("PL", "01");
    REQUIRE(r.options.size() == 3);
    REQUIRE(r.options[0].estimate.defined);
    CHECK(r.options[0].estimate.share == doctest::Approx(610.0 / 1450.0));
    CHECK(r.reported == 4);
    CHECK(r.sampled == 4);
    CHECK(r.options[0].estimate.margin95 > 0);
    CHECK_FALSE(qc.estimate_region("PL", "02").options[0].estimate.defined == false);
    CHECK_FALSE(qc.estimate_region("PL", "99").options.size() > 0);

    // Official rows for all six stations of region 01 and none of 02: coverage 6/12, region 01 only.
    std::vector<StationValues> official;
    for (const char* code : {"01001", "01002", "01003", "01004", "01005", "01006"})
        official.push_back({cb.find_station(code)->index, f, values(100, 100, 50), 0});
    auto verdicts = contest_verdicts(qc, qc.estimate(), official);
    REQUIRE(verdicts.size() == 1);  // DM has no official rows
    CHECK(verdicts[0].contest == "PL");
    CHECK(verdicts[0].official_coverage == doctest::Approx(0.5));
    CHECK(verdicts[0].measures[0].official == doctest::Approx(0.4));
    CHECK(verdicts[0].measures[3].official == doctest::Approx(6 * 251.0 / (1200 + 1100 + 900 + 300 + 250 + 200)));
    REQUIRE(verdicts[0].regions.size() == 1);
    CHECK(verdicts[0].regions[0].region == "01");
    CHECK(verdicts[0].official_call == "run-off");
}
