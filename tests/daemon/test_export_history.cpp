// estimate_history.csv and report.html of an export whose store has takes: every measure and stratum per take, the page's convergence chart.
#include "codebooks/csv.hpp"
#include "takes_fixture.hpp"
#include "test_export_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace export_test;
using takes_test::take;
using takes_test::target;

namespace {

struct Exported {
    TempDir tmp;
    exports::ExportResult result;
    Exported() {
        const std::string db = (tmp.path / "s.db").string();
        fill_store(db);
        store::Store st(db);
        auto pl = [](std::uint32_t reported, double a, double b, double c) {
            auto t = target("PL", 0, reported, 8, {{"A", a, 0.04}, {"B", b, 0.04}, {"C", c, 0.03}});
            t.strata = {{"01U", 2, std::min<std::uint32_t>(reported, 2)}, {"01R", 2, 0}, {"02U", 4, reported > 2 ? reported - 2 : 0}};
            return t;
        };
        auto first = take(0, 10, {pl(2, 0.55, 0.30, 0.15), target("DM", 3, 0, 4, {{"A", -1, 0}})});
        auto second = take(0, 50, {pl(4, 0.52, 0.33, 0.15)}, store::TakeTrigger::interval, 2);
        second.targets[0].measures.push_back({store::TakeMeasureKind::lead, "A", "B", 0.19, 0.05, 0.07});
        for (const auto& t : {first, second}) REQUIRE(st.write([&](store::Transaction& tx) { return tx.record_take(t); }).ok());
        result = export_store(db, tmp.path / "out");
        REQUIRE_MESSAGE(result.ok, result.error);
    }
    std::string file(const std::string& name) const { return slurp(result.path / name); }
};

std::vector<std::vector<std::string>> rows(const std::string& text) {
    CsvDocument doc = parse_csv(text);
    REQUIRE(doc.errors.empty());
    std::vector<std::vector<std::string>> out;
    for (const auto& r : doc.records) out.push_back(r.fields);
    return out;
}

std::size_t col(const std::vector<std::vector<std::string>>& t, const std::string& name) {
    auto it = std::find(t[0].begin(), t[0].end(), name);
    REQUIRE_MESSAGE(it != t[0].end(), name);
    return static_cast<std::size_t>(it - t[0].begin());
}

}  // namespace

TEST_CASE("estimate_history.csv: per take and target, each measure then each stratum's completeness") {
    Exported e;
    const std::string text = e.file("estimate_history.csv");
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);  // the BOM, like the other files
    CHECK(text.find("\r\n") != std::string::npos);
    const auto t = rows(text);
    // Take 1: PL A B C + 3 strata, DM district 3's A (no data); take 2: PL A B C, lead, 3 strata.
    REQUIRE(t.size() == 1 + (3 + 3 + 1) + (3 + 1 + 3));
    for (const auto& r : t) CHECK(r.size() == t[0].size());
    const auto take_no = col(t, "take"), measure = col(t, "measure"), tag = col(t, "tag"), name = col(t, "name");
    const auto share = col(t, "share"), low = col(t, "low95"), pct = col(t, "share_percent");
    const auto reported = col(t, "reported"), sampled = col(t, "sampled"), trigger = col(t, "trigger");
    const auto when = col(t, "taken_utc"), district_name = col(t, "district_name"), margin = col(t, "margin95");
    CHECK(t[1][take_no] == "1");
    CHECK(t[1][when] == "2026-03-01T20:10:00Z");
    CHECK(t[1][trigger] == "reports");
    CHECK(t[1][measure] == "option");
    CHECK(t[1][tag] == "A");
    CHECK_FALSE(t[1][name].empty());  // the party's name from the current estimate
    CHECK(t[1][share] == "0.550000");
    CHECK(t[1][low] == "0.510000");
    CHECK(t[1][pct] == "55.00");
    CHECK(t[1][reported] == "2");
    CHECK(t[1][sampled] == "8");
    // Strata: share is the stratum's reported fraction, no margin, its own counts.
    CHECK(t[6][measure] == "stratum");
    CHECK(t[6][tag] == "02U");
    CHECK(t[6][name] == "Capital, urban");
    CHECK(t[6][share] == "0.000000");
    CHECK(t[6][margin].empty());
    CHECK(t[6][sampled] == "4");
    // A district without data: its row is there with empty numbers, and the district's name.
    CHECK(t[7][district_name] == "Capital-1");
    CHECK(t[7][share].empty());
    // Take 2, its lead as "A-B", and the 02U stratum now half in.
    CHECK(t[8][take_no] == "2");
    CHECK(t[8][trigger] == "interval");
    CHECK(t[11][measure] == "lead");
    CHECK(t[11][tag] == "A-B");
    CHECK(t[11][name] == "lead of A over B");
    CHECK(t[14][tag] == "02U");
    CHECK(t[14][share] == "0.500000");
    CHECK(t[14][reported] == "2");
}

TEST_CASE("report.html of the export draws the convergence over the stored takes") {
    Exported e;
    const std::string html = e.file("report.html");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("Tiny test election") != std::string::npos);
    CHECK(html.find("<polyline class=\"cline\"") != std::string::npos);
    CHECK(html.find("take 2: A 52.00%") != std::string::npos);
    CHECK(html.find("no official results imported") != std::string::npos);  // verify is not merged yet
    CHECK(html.find("exported 2026-11-28 01:15:00 +05:00 Asia/Almaty") != std::string::npos);
}
