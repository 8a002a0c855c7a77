// Pipeline durability: redelivery, crashes at every step, multipart linking and timeouts, failed commits, resume.
#include "pipeline_rig.hpp"

#include "daemon/quickcount/estimates_json.hpp"

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

std::int64_t count_reports(Rig& rig) {
    auto all = rig.store->write([](store::Transaction& tx) -> store::Result<std::int64_t> {
        std::int64_t n = 0;
        for (const char* st : {"01001", "01002", "01004", "02001", "02002"}) {
            auto h = tx.report_history("R", st);
            if (!h) return h.error();
            n += static_cast<std::int64_t>(h->size());
        }
        return n;
    });
    REQUIRE(all.ok());
    return *all;
}

}  // namespace

TEST_CASE("a redelivered batch is stored once and acknowledged again") {
    Rig rig;
    rig.open();
    auto b = rig.batch({rig.sms("+77010000001", "R 01001 A100 B200 C300 X5 T605"),
                        rig.sms("+77010000006", "R 02001 A10 B20 C30 X1 T61")});
    auto first = rig.pipeline->ingest(b);
    REQUIRE(first.ack.committed);
    CHECK(first.outcomes.size() == 2);
    auto again = rig.pipeline->ingest(b);
    REQUIRE(again.ack.committed);
    CHECK(again.outcomes.empty());
    CHECK(again.ack.locations.size() == 2);  // duplicates may be deleted too
    CHECK(count_reports(rig) == 2);
    CHECK(rig.pl().reported == 2);
}

TEST_CASE("crash between commit and acknowledgement: the SIM offers the parts again, each counted once") {
    Rig rig;
    rig.open();
    auto b = rig.batch({rig.sms("+77010000001", "R 01001 A100 B200 C300 X5 T605"),
                        rig.sms("+77010000006", "R 02001 A10 B20 C30 X1 T61")});
    REQUIRE(rig.pipeline->ingest(b).ack.committed);
    rig.close();  // the ack never reached the modem, nothing was deleted
    rig.open();
    auto again = rig.pipeline->ingest(b);
    CHECK(again.ack.committed);
    CHECK(again.outcomes.empty());
    CHECK(count_reports(rig) == 2);
    CHECK(rig.pl().reported == 2);
}

TEST_CASE("a failed commit acknowledges nothing; after the fault the same parts are processed once") {
    Rig rig;
    rig.faulty = true;
    rig.open();
    auto& faults = store::storage_faults();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    // Part 1 of a two-part message from one sender, and a whole message from another, in the failing batch.
    auto b = rig.batch({rig.sms("+77010000006", "R 02001 A10 B20 ", 9, 1, 2), rig.sms("+77010000007", "R 02002 A1 B2 C3 X0 T6")});
    faults.fail_sync = true;
    auto failed = rig.pipeline->ingest(b);
    faults.clear();
    CHECK_FALSE(failed.ack.committed);
    CHECK(failed.error.has_value());
    CHECK(failed.outcomes.empty());
    CHECK(rig.pl().reported == 1);
    auto retried = rig.pipeline->ingest(b);
    REQUIRE(retried.ack.committed);
    REQUIRE(retried.outcomes.size() == 1);  // the single message; the multipart still waits for part 2
    CHECK(retried.outcomes[0].sender == "+77010000007");
    auto last = rig.feed({rig.sms("+77010000006", "C30 X1 T61", 9, 2, 2)});
    REQUIRE(last.outcomes.size() == 1);
    CHECK(last.outcomes[0].text == "R 02001 A10 B20 C30 X1 T61");
    CHECK(last.outcomes[0].status == Status::accepted);
    CHECK(rig.pl().reported == 3);
}

TEST_CASE("interleaved multipart messages from many senders sharing one reference are never mixed") {
    Rig rig;
    rig.open();
    const std::vector<std::pair<std::string, std::string>> senders = {
        {"+77010000001", "R 01001 A100 B200 C300 X5 T605"},
        {"+77010000006", "R 02001 A10 B20 C30 X1 T61"},
        {"+77010000007", "R 02002 A1 B2 C3 X0 T6"},
    };
    std::vector<ReceivedPart> firsts, seconds;
    for (const auto& [s, text] : senders) {
        firsts.push_back(rig.sms(s, text.substr(0, 10), 0x42, 1, 2));
        seconds.push_back(rig.sms(s, text.substr(10), 0x42, 2, 2));
    }
    std::reverse(seconds.begin(), seconds.end());
    CHECK(rig.feed(firsts).outcomes.empty());
    auto done = rig.feed(seconds);
    REQUIRE(done.outcomes.size() == 3);
    for (const auto& o : done.outcomes) {
        bool matched = false;
        for (const auto& [s, text] : senders) matched |= (o.sender == s && o.text == text);
        CHECK_MESSAGE(matched, o.sender << " got " << o.text);
        CHECK(o.status == Status::accepted);
    }
}

TEST_CASE("a multipart message missing a part is processed after the timeout, flagged PARTIAL") {
    Rig rig;
    rig.options.multipart_timeout = 600s;
    rig.open();
    CHECK(rig.feed({rig.sms("+77010000001", "N 01001 1 2 @ long", 5, 1, 2)}).outcomes.empty());
    rig.now += 599s;
    CHECK(rig.pipeline->expire_multipart()->empty());
    rig.now += 2s;
    auto released = rig.pipeline->expire_multipart();
    REQUIRE(released.ok());
    REQUIRE(released->size() == 1);
    CHECK((*released)[0].incomplete);
    CHECK((*released)[0].first_code == "PARTIAL");
}

TEST_CASE("restart: an incomplete group survives, completes after the restart; the count is rebuilt identically") {
    Rig rig;
    rig.open();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    rig.one("+77010000006", "R 02001 A10 B20 C30 X1 T61");
    rig.one("+77010000001", "R 01001 A300 B200 C100 X5 T605");  // correction
    rig.one("+77010000004", "R 01004 A100 B100 C50 X5 T255");
    rig.one("+77010000005", "R 01004 A100 B100 C49 X5 T254");  // conflict
    CHECK(rig.feed({rig.sms("+77010000007", "R 02002 A1 B2 ", 7, 1, 2)}).outcomes.empty());
    const std::string live = estimates_json(rig.qc->estimate());
    rig.close();
    auto resumed = rig.open();
    CHECK(resumed.empty());
    CHECK(estimates_json(rig.qc->estimate()) == live);
    auto done = rig.feed({rig.sms("+77010000007", "C3 X0 T6", 7, 2, 2)});
    REQUIRE(done.outcomes.size() == 1);
    CHECK(done.outcomes[0].text == "R 02002 A1 B2 C3 X0 T6");
}

TEST_CASE("replies interrupted mid-send are queued again at start-up") {
    Rig rig;
    rig.open();
    auto o = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE(o.reply_id);
    Outbox outbox(*rig.store, {}, [&] { return rig.now; });
    std::vector<SendRequest> handed;
    outbox.set_modems({{"sim1", [] { return true; }, [] { return std::size_t{0}; }, [&](SendRequest r) { handed.push_back(r); }}});
    REQUIRE(outbox.dispatch().ok());
    REQUIRE(handed.size() == 1);
    rig.close();  // the modem never answered
    rig.open();
    Outbox again(*rig.store, {}, [&] { return rig.now; });
    handed.clear();
    again.set_modems({{"sim1", [] { return true; }, [] { return std::size_t{0}; }, [&](SendRequest r) { handed.push_back(r); }}});
    REQUIRE(again.dispatch().ok());
    REQUIRE(handed.size() == 1);
    CHECK(handed[0].reply_id == *o.reply_id);
    auto st = again.on_result({"sim1", *o.reply_id, true, 1, 12, ""});
    REQUIRE(st.ok());
    CHECK(*st == store::ReplyStatus::sent);
}

TEST_CASE("outbox: no modem can send -> nothing claimed; a failure is retried later; the receiving modem is preferred") {
    Rig rig;
    rig.open();
    auto o = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    Outbox outbox(*rig.store, {}, [&] { return rig.now; });
    bool up = false;
    std::vector<std::string> used;
    outbox.set_modems({{"other", [&] { return up; }, [] { return std::size_t{0}; }, [&](SendRequest) { used.push_back("other"); }},
                       {"sim1", [&] { return up; }, [] { return std::size_t{5}; }, [&](SendRequest) { used.push_back("sim1"); }}});
    CHECK(*outbox.dispatch() == 0);
    up = true;
    CHECK(*outbox.dispatch() == 1);
    REQUIRE(used.size() == 1);
    CHECK(used[0] == "sim1");  // where the message came in, though it has the longer queue
    auto st = outbox.on_result({"sim1", *o.reply_id, false, 0, -1, "network refused part 1/1 (status 38)"});
    REQUIRE(st.ok());
    CHECK(*st == store::ReplyStatus::queued);
    CHECK(*outbox.dispatch() == 0);  // not due yet
    rig.now += 31s;
    CHECK(*outbox.dispatch() == 1);
}
