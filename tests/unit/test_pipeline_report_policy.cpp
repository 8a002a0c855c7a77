// The report policy as a pure decision: every row of its table, without a store.
#include "daemon/pipeline/report_policy.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
using Count = PolicyDecision::Count;

namespace {

PolicyInput results(std::string_view text, std::span<const EarlierReport> earlier, bool assigned = false) {
    PolicyInput in;
    in.status = Status::accepted;
    in.kind = FormKind::results;
    in.normalized = text;
    in.earlier = earlier;
    in.assigned = assigned;
    return in;
}

EarlierReport earlier(std::int64_t id, std::string_view text, bool same_sender, bool conflict = false) {
    return {id, text, "", Status::accepted, conflict, same_sender};
}

}  // namespace

TEST_CASE("rejected verdicts are never current; unregistered senders are told apart") {
    PolicyInput in = results("R 01001 A1", {});
    in.status = Status::rejected;
    auto d = decide(in);
    CHECK(d.disposition == Disposition::rejected);
    CHECK_FALSE(d.current);
    CHECK(d.count == Count::none);
    in.unregistered = true;
    CHECK(decide(in).disposition == Disposition::unregistered);
    // Even with a current report of the same text: a rejection never touches it.
    const EarlierReport cur[] = {earlier(1, "R 01001 A1", true)};
    in.earlier = cur;
    d = decide(in);
    CHECK(d.supersede.empty());
    CHECK(d.flag_conflict.empty());
}

TEST_CASE("first report counts; a warning is counted like an accepted one") {
    auto d = decide(results("R 01001 A1", {}));
    CHECK(d.disposition == Disposition::new_report);
    CHECK(d.current);
    CHECK_FALSE(d.conflict);
    CHECK(d.count == Count::set);
    PolicyInput w = results("R 01001 A1", {});
    w.status = Status::warning;
    CHECK(decide(w).count == Count::set);
}

TEST_CASE("same text again is a duplicate, whoever sends it, and is not counted again") {
    const EarlierReport mine[] = {earlier(7, "R 01001 A1", true)};
    const EarlierReport theirs[] = {earlier(7, "R 01001 A1", false)};
    for (auto cur : {std::span<const EarlierReport>(mine), std::span<const EarlierReport>(theirs)}) {
        auto d = decide(results("R 01001 A1", cur));
        CHECK(d.disposition == Disposition::duplicate);
        CHECK_FALSE(d.current);
        CHECK(d.count == Count::none);
        CHECK_FALSE(d.conflict_error);
        CHECK(d.supersede.empty());
    }
}

TEST_CASE("other values from the same phone are a correction; from another phone a conflict") {
    const EarlierReport mine[] = {earlier(7, "R 01001 A1", true)};
    auto c = decide(results("R 01001 A2", mine));
    CHECK(c.disposition == Disposition::correction);
    CHECK(c.current);
    CHECK(c.count == Count::set);
    CHECK(c.supersede == std::vector<std::int64_t>{7});

    const EarlierReport theirs[] = {earlier(7, "R 01001 A1", false)};
    auto x = decide(results("R 01001 A2", theirs));
    CHECK(x.disposition == Disposition::conflict);
    CHECK(x.current);
    CHECK(x.conflict);
    CHECK(x.count == Count::withdraw);
    CHECK(x.flag_conflict == std::vector<std::int64_t>{7});
    CHECK(x.supersede.empty());
    CHECK(x.conflict_error);
    // The assigned monitor overruling a mobile team's report is a conflict too: it needs a second
    // word from the monitor (or an operator) to settle.
    CHECK(decide(results("R 01001 A2", theirs, true)).disposition == Disposition::conflict);
}

TEST_CASE("in conflict: the assigned monitor resolves, its members' resends are duplicates, others add to it") {
    const EarlierReport cur[] = {earlier(3, "R 01004 A1", false, true), earlier(5, "R 01004 A2", true, true)};

    auto r = decide(results("R 01004 A9", cur, true));
    CHECK(r.disposition == Disposition::resolution);
    CHECK(r.current);
    CHECK_FALSE(r.conflict);
    CHECK(r.count == Count::set);
    CHECK(r.supersede == std::vector<std::int64_t>{3, 5});
    CHECK(r.clear_conflict == std::vector<std::int64_t>{3, 5});
    // ... also when it repeats one side's values.
    CHECK(decide(results("R 01004 A1", cur, true)).disposition == Disposition::resolution);

    auto dup = decide(results("R 01004 A2", cur));
    CHECK(dup.disposition == Disposition::duplicate);
    CHECK_FALSE(dup.current);
    CHECK(dup.conflict_error);  // told the station is still disputed
    CHECK(dup.count == Count::none);

    auto own = decide(results("R 01004 A3", cur));
    CHECK(own.disposition == Disposition::conflict);
    CHECK(own.supersede == std::vector<std::int64_t>{5});  // replaces the sender's own version
    CHECK(own.flag_conflict.empty());
    CHECK(own.count == Count::withdraw);

    const EarlierReport others[] = {earlier(3, "R 01004 A1", false, true), earlier(5, "R 01004 A2", false, true)};
    auto third = decide(results("R 01004 A1", others));  // agreeing with one side settles nothing
    CHECK(third.disposition == Disposition::conflict);
    CHECK(third.supersede.empty());
    CHECK(third.conflict_error);
}

TEST_CASE("incidents: each distinct one is kept; the same codes, comment and phone again are a duplicate") {
    const EarlierReport history[] = {{1, "N 01001 1 2", "box opened", Status::accepted, false, true},
                                     {2, "N 01001 3", "", Status::rejected, false, true}};
    PolicyInput in;
    in.status = Status::accepted;
    in.kind = FormKind::incident;
    in.earlier = history;

    in.normalized = "N 01001 1 2";
    in.comment = "box opened";
    auto d = decide(in);
    CHECK(d.disposition == Disposition::duplicate);
    CHECK_FALSE(d.current);

    in.comment = "box opened again at 14:00";
    CHECK(decide(in).disposition == Disposition::incident);
    in.comment = "";
    in.normalized = "N 01001 3";  // the earlier one was rejected: this is the first that counts
    d = decide(in);
    CHECK(d.disposition == Disposition::incident);
    CHECK(d.current);
    CHECK(d.count == Count::none);

    const EarlierReport someone_else[] = {{1, "N 01001 1 2", "box opened", Status::accepted, false, false}};
    in.earlier = someone_else;
    in.normalized = "N 01001 1 2";
    in.comment = "box opened";
    CHECK(decide(in).disposition == Disposition::incident);
}

TEST_CASE("dispositions have the names the console, exports and tests use") {
    CHECK(to_string(Disposition::new_report) == "new");
    CHECK(to_string(Disposition::resolution) == "resolution");
    CHECK(to_string(Disposition::unregistered) == "unregistered");
    CHECK(to_string(Disposition::error) == "error");
}
