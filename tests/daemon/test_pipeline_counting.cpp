// What each policy path does to the quick count, checked against an aggregator fed the expected values directly.
#include "pipeline_rig.hpp"

#include "daemon/quickcount/estimates_json.hpp"
#include "parsers/parser.hpp"

#include <map>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

// The estimates a correct pipeline must show when exactly these R reports count (station -> text).
std::string expected(const Rig& rig, const std::map<std::string, std::string>& counted) {
    QuickCount qc(rig.codebook.codebook);
    const Codebook& cb = *rig.codebook.codebook;
    for (const auto& [station, text] : counted) {
        Report r = parse_message(text, cb);
        REQUIRE(r.errors.empty());
        REQUIRE(qc.set_result(cb.find_station(station)->index, "R", r.values) == QuickCount::Outcome::counted);
    }
    return estimates_json(qc.estimate());
}

std::string live(const Rig& rig) { return estimates_json(rig.qc->estimate()); }

std::string reply_text(Rig& rig, const MessageOutcome& o) {
    REQUIRE(o.reply_id);
    auto r = rig.store->write([&](store::Transaction& tx) { return tx.reply(*o.reply_id); });
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return (*r)->record.text;
}

std::vector<store::StoredReport> current(Rig& rig, const char* station) {
    auto cur = rig.store->write([&](store::Transaction& tx) { return tx.current_reports("R", station); });
    REQUIRE(cur.ok());
    return *cur;
}

const std::string v1 = "R 01001 A100 B200 C300 X5 T605";
const std::string v2 = "R 01001 A300 B200 C100 X5 T605";
const std::string team = "R 01004 A100 B100 C50 X5 T255";
const std::string coord = "R 01004 A90 B110 C50 X5 T255";
const std::string coord2 = "R 01004 A80 B120 C50 X5 T255";
const std::string assigned = "R 01004 A95 B105 C50 X5 T255";

}  // namespace

TEST_CASE("new, duplicate, correction, conflict, resends in conflict, resolution: the count after each, and after a restart") {
    Rig rig;
    rig.open();
    CHECK(live(rig) == expected(rig, {}));

    CHECK(rig.one("+77010000001", v1).disposition == Disposition::new_report);
    CHECK(live(rig) == expected(rig, {{"01001", v1}}));

    auto dup = rig.one("+77010000001", "r01001 a100 b200 c300 x5 t605 @ resent, not sure it arrived");
    CHECK(dup.disposition == Disposition::duplicate);
    CHECK(reply_text(rig, dup).rfind("OK R 01001 A100", 0) == 0);  // the monitor is told it is in
    CHECK(live(rig) == expected(rig, {{"01001", v1}}));

    CHECK(rig.one("87010000001", v2).disposition == Disposition::correction);  // the same phone, national format
    CHECK(live(rig) == expected(rig, {{"01001", v2}}));

    // 01004: the mobile team reports first, the coordinator disagrees.
    CHECK(rig.one("+77010000004", team).disposition == Disposition::new_report);
    CHECK(live(rig) == expected(rig, {{"01001", v2}, {"01004", team}}));
    auto conflict = rig.one("+77010000005", coord);
    CHECK(conflict.disposition == Disposition::conflict);
    CHECK(reply_text(rig, conflict).find("other values received for 01004") != std::string::npos);
    CHECK(live(rig) == expected(rig, {{"01001", v2}}));

    auto resent = rig.one("+77010000005", coord);
    CHECK(resent.disposition == Disposition::duplicate);
    CHECK(resent.first_code == Code::CONFLICT);
    auto changed = rig.one("+77010000005", coord2);
    CHECK(changed.disposition == Disposition::conflict);
    CHECK(current(rig, "01004").size() == 2);  // one version per phone
    CHECK(live(rig) == expected(rig, {{"01001", v2}}));

    const std::string before_restart = live(rig);
    rig.close();
    rig.open();
    CHECK(live(rig) == before_restart);

    auto settled = rig.one("+77010000003", assigned);
    CHECK(settled.disposition == Disposition::resolution);
    CHECK(live(rig) == expected(rig, {{"01001", v2}, {"01004", assigned}}));
    auto cur = current(rig, "01004");
    REQUIRE(cur.size() == 1);
    CHECK_FALSE(cur[0].record.conflict);
    auto of_message = rig.store->write([&](store::Transaction& tx) { return tx.reports_of_message(settled.message_id); });
    REQUIRE(of_message->size() == 1);
    CHECK(cur[0].id == (*of_message)[0].id);

    // History: every version kept, the superseded ones point at what replaced them.
    auto history = rig.store->write([](store::Transaction& tx) { return tx.report_history("R", "01004"); });
    REQUIRE(history->size() == 5);
    for (const auto& h : *history) {
        if (h.id == cur[0].id) continue;
        CHECK_FALSE(h.record.current);
        if (h.record.disposition != "duplicate") CHECK(h.superseded_by.has_value());
    }

    rig.close();
    rig.open();
    CHECK(live(rig) == expected(rig, {{"01001", v2}, {"01004", assigned}}));
}

TEST_CASE("an operator resolving a conflict in favour of the later report: counted live and after a restart") {
    Rig rig;
    rig.open();
    rig.one("+77010000004", team);
    auto second = rig.one("+77010000005", coord);
    REQUIRE(second.disposition == Disposition::conflict);
    CHECK(second.status == Status::rejected);  // what the monitor was told
    auto cur = current(rig, "01004");
    REQUIRE(cur.size() == 2);
    CHECK(cur[1].record.status == Status::accepted);  // the stored verdict: the values were fine

    REQUIRE(rig.pipeline->resolve(cur[1].id).ok());
    CHECK(live(rig) == expected(rig, {{"01004", coord}}));
    auto after = current(rig, "01004");
    REQUIRE(after.size() == 1);
    CHECK(after[0].id == cur[1].id);
    CHECK_FALSE(after[0].record.conflict);

    rig.close();
    rig.open();
    CHECK(live(rig) == expected(rig, {{"01004", coord}}));

    // Later messages follow the settled state: the coordinator's resend is a duplicate.
    CHECK(rig.one("+77010000005", coord).disposition == Disposition::duplicate);
    CHECK(rig.pipeline->resolve(999999).kind == Pipeline::ResolveOutcome::Kind::not_current);
}

TEST_CASE("a report entered by phone is recorded, unchanged or refused, each its own kind; a refusal writes nothing") {
    using Kind = Pipeline::PhoneOutcome::Kind;
    Rig rig;
    rig.open();
    rig.one("+77010000004", team);
    int hooked = 0;
    const auto hook = [&](store::Transaction&, const store::StoredReport& stored) {
        ++hooked;
        CHECK(stored.record.normalized == coord);
        return store::Result<void>();
    };

    auto same = rig.pipeline->record_phone_report({team, "+77010000004", "op"}, hook);
    CHECK(same.kind == Kind::unchanged);
    CHECK(same.ok());
    CHECK(same.outcome.disposition == Disposition::duplicate);
    CHECK(hooked == 0);

    auto conflicting = rig.pipeline->record_phone_report({coord, "+77010000005", "op"}, hook);
    CHECK(conflicting.kind == Kind::conflict);
    CHECK_FALSE(conflicting.ok());
    CHECK(conflicting.message.find("would put R 01004 in conflict") != std::string::npos);
    CHECK(current(rig, "01004").size() == 1);  // rolled back: the coordinator's version is not stored

    auto refused = rig.pipeline->record_phone_report({"R 01001 A100 B200 C300 X5 T600", "+77010000001", "op"}, hook);
    CHECK(refused.kind == Kind::rejected);
    CHECK(refused.message.find("is refused") != std::string::npos);
    CHECK(current(rig, "01001").empty());
    CHECK(hooked == 0);
    CHECK(live(rig) == expected(rig, {{"01004", team}}));

    auto corrected = rig.pipeline->record_phone_report({coord, "+77010000004", "op"}, hook);
    CHECK(corrected.kind == Kind::recorded);
    CHECK(corrected.outcome.disposition == Disposition::correction);
    CHECK(hooked == 1);
    CHECK(live(rig) == expected(rig, {{"01004", coord}}));
}

TEST_CASE("rejected, unregistered, checklist and incident reports never move the count") {
    Rig rig;
    rig.open();
    rig.one("+77010000001", v1);
    const std::string base = expected(rig, {{"01001", v1}});
    CHECK(rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T600").status == Status::rejected);  // sum check
    CHECK(rig.one("+77015550000", v2).disposition == Disposition::unregistered);
    CHECK(rig.one("+77010000002", "R 01001 A1 B2 C3 X0 T6").first_code == Code::NOT_ASSIGNED);
    CHECK(rig.one("+77010000001", "S 01001 A0730 B1 C1 E3").disposition == Disposition::new_report);
    CHECK(rig.one("+77010000001", "N 01001 1").disposition == Disposition::incident);
    CHECK(live(rig) == base);
    auto cur = current(rig, "01001");
    REQUIRE(cur.size() == 1);
    CHECK(cur[0].record.normalized == v1);
}

TEST_CASE("a multipart report missing only its comment's tail is counted with a PARTIAL warning") {
    Rig rig;
    rig.options.multipart_timeout = 60s;
    rig.open();
    CHECK(rig.feed({rig.sms("+77010000001", v1 + " @ queue outside, police ", 3, 1, 2)}).outcomes.empty());
    rig.now += 61s;
    auto released = rig.pipeline->expire_multipart();
    REQUIRE(released.ok());
    REQUIRE(released->size() == 1);
    const auto& o = (*released)[0];
    CHECK(o.incomplete);
    CHECK(o.status == Status::warning);
    CHECK(o.first_code == Code::PARTIAL);
    CHECK(o.disposition == Disposition::new_report);
    CHECK(live(rig) == expected(rig, {{"01001", v1}}));
    auto cur = current(rig, "01001");
    REQUIRE(cur.size() == 1);
    CHECK(cur[0].record.status == Status::warning);
    CHECK(cur[0].record.warnings_json.find("PARTIAL") != std::string::npos);
    // And a restart rebuilds it the same way.
    rig.close();
    rig.open();
    CHECK(live(rig) == expected(rig, {{"01001", v1}}));
}

TEST_CASE("several reports for one station in one batch are decided in order, and counted once committed") {
    Rig rig;
    rig.open();
    auto r = rig.feed({rig.sms("+77010000001", v1), rig.sms("+77010000001", v1), rig.sms("+77010000001", v2),
                       rig.sms("+77010000004", team), rig.sms("+77010000005", coord)});
    REQUIRE(r.ack.committed);
    REQUIRE(r.outcomes.size() == 5);
    CHECK(r.outcomes[0].disposition == Disposition::new_report);
    CHECK(r.outcomes[1].disposition == Disposition::duplicate);
    CHECK(r.outcomes[2].disposition == Disposition::correction);
    CHECK(r.outcomes[3].disposition == Disposition::new_report);
    CHECK(r.outcomes[4].disposition == Disposition::conflict);
    CHECK(live(rig) == expected(rig, {{"01001", v2}}));
}
