// Send results the store refuses (disk full): kept in memory and written later, so no reply is sent twice in one run.
#include "pipeline_rig.hpp"

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

// Switches the fault VFS to "disk full" for the scope.
struct DiskFull {
    DiskFull() {
        store::storage_faults().write_error = 13;
        store::storage_faults().writes_left = 0;
    }
    ~DiskFull() { store::storage_faults().clear(); }
};

}  // namespace

TEST_CASE("a reply sent while its status cannot be written is never sent again in this run, and its status lands later") {
    Rig rig;
    rig.faulty = true;
    rig.open();
    auto a = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE(a.reply_id);
    FakeModem sim1{"sim1"};
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    REQUIRE(*outbox.dispatch() == 1);
    REQUIRE(sim1.sent.size() == 1);

    {
        DiskFull full;
        auto st = outbox.on_result({"sim1", *a.reply_id, true, 1, 42, ""});
        CHECK_FALSE(st.ok());
        CHECK(st.error().code == 13);
        CHECK(outbox.unrecorded() == 1);
        CHECK(outbox.unrecorded_sent() == 1);
        // Every dispatch while the disk is full: the kept result is tried first and nothing new is claimed.
        for (int i = 0; i < 5; ++i) {
            rig.now += 1min;
            CHECK_FALSE(outbox.dispatch().ok());
        }
    }
    CHECK(reply(rig, *a.reply_id).status == store::ReplyStatus::sending);
    CHECK(sim1.sent.size() == 1);

    // Space again: the first dispatch writes the kept result before it claims anything.
    rig.now += 1h;
    CHECK(*outbox.dispatch() == 0);
    CHECK(outbox.unrecorded() == 0);
    const auto r = reply(rig, *a.reply_id);
    CHECK(r.status == store::ReplyStatus::sent);
    REQUIRE(r.message_reference);
    CHECK(*r.message_reference == 42);
    CHECK(r.modem == "sim1");
    CHECK(sim1.sent.size() == 1);

    // A new reply still goes out normally afterwards.
    rig.one("+77010000006", "R 02001 A1");
    CHECK(*outbox.dispatch() == 1);
    CHECK(sim1.sent.size() == 2);
}

TEST_CASE("a reply sent in this run and queued again by anything: marked sent, never handed to a modem twice") {
    Rig rig;
    rig.faulty = true;
    rig.open();
    auto a = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    FakeModem sim1{"sim1"};
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    REQUIRE(*outbox.dispatch() == 1);
    {
        DiskFull full;
        CHECK_FALSE(outbox.on_result({"sim1", *a.reply_id, true, 1, 9, ""}).ok());
    }
    // What a restart's resume does to a 'sending' reply, here within the run: queued again.
    auto requeued = rig.store->write([](store::Transaction& tx) { return tx.requeue_interrupted_replies(); });
    REQUIRE(requeued.ok());
    REQUIRE(*requeued == 1);
    CHECK(*outbox.dispatch() == 0);
    CHECK(sim1.sent.size() == 1);
    const auto r = reply(rig, *a.reply_id);
    CHECK(r.status == store::ReplyStatus::sent);
    REQUIRE(r.message_reference);
    CHECK(*r.message_reference == 9);
}

TEST_CASE("a failed send whose result cannot be written is retried once the store takes it, not stuck in 'sending'") {
    Rig rig;
    rig.faulty = true;
    rig.open();
    auto a = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    FakeModem sim1{"sim1"};
    store::RetryPolicy retry{30s, 60s, 5};
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, retry, [&] { return rig.now; });
    REQUIRE(*outbox.dispatch() == 1);
    {
        DiskFull full;
        CHECK_FALSE(outbox.on_result({"sim1", *a.reply_id, false, 0, -1, "network refused"}).ok());
        CHECK(outbox.unrecorded() == 1);
        CHECK(outbox.unrecorded_sent() == 0);
    }
    CHECK(*outbox.dispatch() == 0);  // the failure is written: queued with its backoff, not due yet
    CHECK(reply(rig, *a.reply_id).status == store::ReplyStatus::queued);
    rig.now += 31s;
    CHECK(*outbox.dispatch() == 1);
    CHECK(sim1.sent.size() == 2);
}

TEST_CASE("a modem stopped by a reload: the replies it was handed and did not send are queued again for the others") {
    Rig rig;
    rig.open();
    auto a = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    FakeModem sim1{"sim1"}, other{"other"};
    store::RetryPolicy retry{30s, 60s, 5};
    FakeModems modems;
    modems.list = {&sim1, &other};
    Outbox outbox(*rig.store, modems, retry, [&] { return rig.now; });
    REQUIRE(*outbox.dispatch() == 1);
    REQUIRE(sim1.sent.size() == 1);
    CHECK(*outbox.modem_gone("other") == 0);  // it was handed nothing
    modems.list = {&other};
    CHECK(*outbox.modem_gone("sim1") == 1);
    CHECK(reply(rig, *a.reply_id).status == store::ReplyStatus::queued);
    rig.now += 31s;
    CHECK(*outbox.dispatch() == 1);
    REQUIRE(other.sent.size() == 1);
    CHECK(other.sent[0].reply_id == *a.reply_id);
    // The stopped modem's late answer (it cannot come after modem_gone, but if it did) changes nothing.
    CHECK(outbox.on_result({"other", *a.reply_id, true, 1, 7, ""}).ok());
    CHECK(reply(rig, *a.reply_id).status == store::ReplyStatus::sent);
}
