// HQ's selection across gateways: real pipelines on real SQLite files, their reports replayed as HQ replays them.
#include "pipeline_rig.hpp"

#include "daemon/status/estimate_from_store.hpp"
#include "daemon/hq/hq_selection.hpp"
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/store/store_reader.hpp"

#include <algorithm>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

const std::string v1 = "R 01001 A100 B200 C300 X5 T605";
const std::string v2 = "R 01001 A300 B200 C100 X5 T605";
const std::string team = "R 01004 A100 B100 C50 X5 T255";
const std::string coord = "R 01004 A90 B110 C50 X5 T255";
const std::string assigned = "R 01004 A95 B105 C50 X5 T255";
const std::string other = "R 01002 A10 B20 C30 X1 T61";

// Every report version a gateway stored, as HQ gets them (sent_at: the store's time of the version).
std::vector<hq::HqReport> pushed(Rig& rig, const std::string& gateway) {
    store::StoreReader reader((rig.dir / "smsgw.db").string());
    auto all = reader.reports();
    REQUIRE(all.ok());
    std::vector<hq::HqReport> out;
    for (const auto& r : *all) out.push_back({gateway, r.id, store::to_millis(r.record.created_at), r.record});
    return out;
}

std::string hq_estimate(const Rig& rig, const std::vector<hq::HqReport>& all, CountTally* tally = nullptr) {
    QuickCount qc(rig.codebook.codebook);
    CountTally t = count_current_reports(qc, hq::hq_current_reports(*rig.codebook.codebook, all));
    if (tally) *tally = t;
    return estimates_json(qc.estimate());
}

std::string gateway_estimate(const Rig& rig) { return estimates_json(rig.qc->estimate()); }

// Each message a minute after the one before, so that arrival order across rigs is the test's order.
MessageOutcome at(Rig& rig, int minute, const std::string& sender, const std::string& text) {
    rig.now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + 20h + std::chrono::minutes(minute);
    return rig.one(sender, text);
}

}  // namespace

TEST_CASE("one gateway: HQ's replay leaves exactly the gateway's count (duplicate, correction, conflict, resolution)") {
    Rig a;
    a.open();
    at(a, 1, "+77010000001", v1);
    at(a, 2, "+77010000001", v1);           // duplicate
    at(a, 3, "87010000001", v2);            // correction, national format
    at(a, 4, "+77010000004", team);         // new
    at(a, 5, "+77010000005", coord);        // conflict
    CHECK(hq_estimate(a, pushed(a, "a")) == gateway_estimate(a));
    at(a, 6, "+77010000003", assigned);     // resolution
    at(a, 7, "87010000002", other);
    at(a, 8, "+77010000001", "R 01001 A1 B2");  // rejected
    CountTally t;
    CHECK(hq_estimate(a, pushed(a, "a"), &t) == gateway_estimate(a));
    CHECK(t.counted == 3);
    CHECK(t.conflicts == 0);
}

TEST_CASE("two gateways: a station through both counts once; another phone's other values are a conflict") {
    Rig a, b, single;
    a.open();
    b.open();
    single.open();
    // The monitor texts the primary, gets no reply, texts the backup number the same report.
    at(a, 1, "+77010000001", v1);
    at(b, 2, "+77010000001", v1);
    at(single, 1, "+77010000001", v1);
    at(single, 2, "+77010000001", v1);
    auto both = pushed(a, "primary");
    auto more = pushed(b, "backup");
    both.insert(both.end(), more.begin(), more.end());
    CountTally t;
    CHECK(hq_estimate(a, both, &t) == gateway_estimate(single));
    CHECK(t.counted == 1);

    // A correction through the backup replaces the primary's version.
    at(b, 3, "+77010000001", v2);
    at(single, 3, "+77010000001", v2);
    both = pushed(a, "primary");
    more = pushed(b, "backup");
    both.insert(both.end(), more.begin(), more.end());
    CHECK(hq_estimate(a, both, &t) == gateway_estimate(single));
    CHECK(t.counted == 1);

    // 01004: the mobile team through the primary, the coordinator's other values through the backup.
    at(a, 4, "+77010000004", team);
    at(b, 5, "+77010000005", coord);
    both = pushed(a, "primary");
    more = pushed(b, "backup");
    both.insert(both.end(), more.begin(), more.end());
    hq_estimate(a, both, &t);
    CHECK(t.conflicts == 2);  // both versions withheld
    CHECK(t.counted == 1);
    // Each gateway alone saw no conflict: only HQ can.
    CHECK(a.qc->estimate().contests[0].reported == 2);

    // The assigned monitor settles it through the primary.
    at(a, 6, "+77010000003", assigned);
    at(single, 4, "+77010000004", team);
    at(single, 5, "+77010000005", coord);
    at(single, 6, "+77010000003", assigned);
    both = pushed(a, "primary");
    more = pushed(b, "backup");
    both.insert(both.end(), more.begin(), more.end());
    CHECK(hq_estimate(a, both, &t) == gateway_estimate(single));
    CHECK(t.counted == 2);
    CHECK(t.conflicts == 0);
}

TEST_CASE("the arrival order between gateways is the SMS's, not the push's: a late gateway's old report stays old") {
    Rig a, b;
    a.open();
    b.open();
    at(a, 1, "+77010000001", v1);
    at(a, 2, "+77010000001", v2);  // corrected on the primary
    at(b, 1, "+77010000001", v1);  // the backup got the first version too
    auto both = pushed(a, "primary");
    auto more = pushed(b, "backup");
    // The backup's copy reaches HQ last; its SMS was sent first.
    both.insert(both.end(), more.begin(), more.end());
    CHECK(hq_estimate(a, both) == gateway_estimate(a));
    // With sent_at reversed (the backup's SMS really came last), v1 is a correction back.
    for (auto& r : both)
        if (r.gateway_id == "backup") r.sent_at += 10 * 60 * 1000;
    CHECK(hq_estimate(a, both) != gateway_estimate(a));
}
