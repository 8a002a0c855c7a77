// The outbox: which modem sends, nothing claimed without one, retries with backoff, no reply holding up the rest.
#include "pipeline_rig.hpp"

#include <map>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

store::StoredReply reply(Rig& rig, std::int64_t id) {
    auto r = rig.store->write([&](store::Transaction& tx) { return tx.reply(id); });
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
}

}  // namespace

TEST_CASE("outbox: no modem can send -> nothing claimed; a failure is retried later; the receiving modem is preferred") {
    Rig rig;
    rig.open();
    auto o = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    FakeModem other{"other", false, 0}, sim1{"sim1", false, 5};
    FakeModems modems;
    modems.list = {&other, &sim1};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    CHECK(*outbox.dispatch() == 0);
    other.up = sim1.up = true;
    CHECK(*outbox.dispatch() == 1);
    CHECK(other.sent.empty());
    CHECK(sim1.sent.size() == 1);  // where the message came in, though it has the longer queue
    auto st = outbox.on_result({"sim1", *o.reply_id, false, 0, -1, "network refused part 1/1 (status 38)"});
    REQUIRE(st.ok());
    CHECK(*st == store::ReplyStatus::queued);
    CHECK(*outbox.dispatch() == 0);  // not due yet
    rig.now += 31s;
    CHECK(*outbox.dispatch() == 1);
}

TEST_CASE("when the receiving modem cannot send, replies spread over the others by queue length") {
    Rig rig;
    rig.open();
    for (const char* s : {"+77010000001", "87010000002", "+77010000006", "+77010000007"}) rig.one(s, "S 01001");
    FakeModem sim1{"sim1", false}, a{"a", true, 0}, b{"b", true, 1};
    FakeModems modems;
    modems.list = {&sim1, &a, &b};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    CHECK(*outbox.dispatch() == 4);
    CHECK(sim1.sent.empty());
    CHECK(a.sent.size() == 3);  // 0 queued: takes one, then ties with b's 1 go to the first listed
    CHECK(b.sent.size() == 1);
    CHECK(*outbox.dispatch() == 0);  // all four are being sent: none is handed out twice
}

TEST_CASE("the receiving modem is preferred only while it has room: the rest go to idle modems, none is overfilled") {
    Rig rig;
    rig.open();
    // Every message came in on sim1 (the rig's modem), as when most monitors text one number.
    for (int i = 0; i < 10; ++i) REQUIRE(rig.one("+77010000001", "S 01001 A" + std::to_string(i)).reply_id);
    FakeModem sim1{"sim1", true, 8}, other{"other", true, 5};
    FakeModems modems;
    modems.list = {&sim1, &other};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    CHECK(*outbox.dispatch(100) == 7);  // room: 2 on sim1, 5 on other
    CHECK(sim1.sent.size() == 2);
    CHECK(other.sent.size() == 5);
    sim1.queue = 10;
    other.queue = 10;
    CHECK(*outbox.dispatch(100) == 0);  // both full: the rest stay queued in the store, not in memory
    auto queued = rig.store->write([](store::Transaction& tx) { return tx.claim_replies(100); });
    REQUIRE(queued.ok());
    CHECK(queued->size() == 3);
}

TEST_CASE("a modem whose queue counts what it was just handed is not counted full twice over") {
    Rig rig;
    rig.open();
    for (int i = 0; i < 8; ++i) REQUIRE(rig.one("+77010000001", "S 01001 A" + std::to_string(i)).reply_id);
    FakeModem sim1{"sim1", true, 0};
    sim1.counts_handed = true;
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    CHECK(*outbox.dispatch(100) == 8);  // counted twice, it looked full after 5 and 3 failed
    CHECK(sim1.sent.size() == 8);
}

TEST_CASE("a reply that keeps failing is retried with backoff, then given up, and never holds up the others") {
    Rig rig;
    rig.open();
    auto bad = rig.one("+77010000001", "R 01001 A1");
    auto good1 = rig.one("+77010000006", "R 02001 A1");
    FakeModem sim1{"sim1"};
    store::RetryPolicy retry{30s, 60s, 3};
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, retry, [&] { return rig.now; });

    REQUIRE(*outbox.dispatch() == 2);
    REQUIRE(sim1.sent.size() == 2);
    CHECK(*outbox.on_result({"sim1", *bad.reply_id, false, 0, -1, "CMS ERROR 38"}) == store::ReplyStatus::queued);
    CHECK(*outbox.on_result({"sim1", *good1.reply_id, true, 1, 7, ""}) == store::ReplyStatus::sent);
    CHECK(reply(rig, *good1.reply_id).message_reference == 7);

    // A later reply goes out at once, while the failed one waits for its backoff.
    auto good2 = rig.one("+77010000007", "R 02002 A1");
    sim1.sent.clear();
    REQUIRE(*outbox.dispatch() == 1);
    CHECK(sim1.sent[0].reply_id == *good2.reply_id);
    REQUIRE(outbox.next_due()->has_value());
    CHECK(**outbox.next_due() == rig.now + 30s);

    rig.now += 30s;
    sim1.sent.clear();
    REQUIRE(*outbox.dispatch() == 1);
    CHECK(sim1.sent[0].reply_id == *bad.reply_id);
    CHECK(*outbox.on_result({"sim1", *bad.reply_id, false, 0, -1, "CMS ERROR 38"}) == store::ReplyStatus::queued);
    CHECK(**outbox.next_due() == rig.now + 60s);  // doubled
    rig.now += 60s;
    REQUIRE(*outbox.dispatch() == 1);
    CHECK(*outbox.on_result({"sim1", *bad.reply_id, false, 0, -1, "CMS ERROR 38"}) == store::ReplyStatus::failed);
    auto given_up = reply(rig, *bad.reply_id);
    CHECK(given_up.status == store::ReplyStatus::failed);
    CHECK(given_up.attempts == 3);
    CHECK(given_up.error == "CMS ERROR 38");
    rig.now += 1h;
    CHECK(*outbox.dispatch() == 0);
}

TEST_CASE("the outbox asks for the modems at every dispatch: one a reload started or stopped needs no telling") {
    Rig rig;
    rig.open();
    for (int i = 0; i < 2; ++i) REQUIRE(rig.one("+77010000001", "S 01001 A" + std::to_string(i)).reply_id);
    FakeModems modems;
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    CHECK(*outbox.dispatch(1) == 0);  // no modem yet: nothing claimed
    FakeModem late{"late"};
    modems.list = {&late};
    CHECK(*outbox.dispatch(1) == 1);
    CHECK(late.sent.size() == 1);
    FakeModem next{"next"};
    modems.list = {&next};  // "late" was stopped
    CHECK(*outbox.dispatch(1) == 1);
    CHECK(late.sent.size() == 1);
    CHECK(next.sent.size() == 1);
}
