// Pipeline policies: new, duplicate, correction, conflict, resolution, rejected, unregistered, incidents, replies.
#include "pipeline_rig.hpp"

#include "daemon/store/store_reader.hpp"

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

TEST_CASE("a valid report is stored, counted and answered") {
    Rig rig;
    rig.open();
    auto o = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    CHECK(o.status == Status::accepted);
    CHECK(o.disposition == Disposition::new_report);
    CHECK(o.reply_id.has_value());
    CHECK(o.reference.size() == 5);
    CHECK(rig.pl().reported == 1);
    auto reply = rig.store->write([&](store::Transaction& tx) { return tx.reply(*o.reply_id); });
    REQUIRE(reply.ok());
    REQUIRE(reply->has_value());
    CHECK((*reply)->record.text == "OK R 01001 A100 B200 C300 X5 T605 " + o.reference);
    CHECK((*reply)->record.destination == "+77010000001");
}

TEST_CASE("an identical resend is a duplicate: replied to, not counted again") {
    Rig rig;
    rig.open();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    auto before = rig.pl();
    auto o = rig.one("+77010000001", "r01001a100b200c300x5t605");  // same meaning, typed differently
    CHECK(o.disposition == Disposition::duplicate);
    CHECK(o.status == Status::accepted);
    CHECK(o.reply_id.has_value());
    auto after = rig.pl();
    CHECK(after.reported == before.reported);
    CHECK(after.options[0].estimate.share == before.options[0].estimate.share);
}

TEST_CASE("a changed resend from the same monitor is a correction that replaces the count; history kept") {
    Rig rig;
    rig.open();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    auto o = rig.one("+77010000001", "R 01001 A300 B200 C100 X5 T605");
    CHECK(o.disposition == Disposition::correction);
    auto e = rig.pl();
    CHECK(e.reported == 1);
    CHECK(e.options[0].estimate.share == doctest::Approx(0.5));
    auto history = rig.store->write([](store::Transaction& tx) { return tx.report_history("R", "01001"); });
    REQUIRE(history.ok());
    REQUIRE(history->size() == 2);
    CHECK_FALSE((*history)[0].record.current);
    CHECK((*history)[0].superseded_by == (*history)[1].id);
    CHECK((*history)[1].record.current);
    // And corrected twice.
    auto o2 = rig.one("+77010000001", "R 01001 A200 B200 C200 X5 T605");
    CHECK(o2.disposition == Disposition::correction);
    CHECK(rig.pl().options[0].estimate.share == doctest::Approx(1.0 / 3));
}

TEST_CASE("different values from another phone are a conflict: both kept, station withheld until resolved") {
    Rig rig;
    rig.open();
    // 01004 is covered by the mobile team (+77010000004, district:2) and the coordinator (*);
    // its assigned monitor is +77010000003 (kk).
    rig.one("+77010000004", "R 01004 A100 B100 C50 X5 T255");
    CHECK(rig.pl().reported == 1);
    auto c = rig.one("+77010000005", "R 01004 A100 B100 C49 X5 T254");
    CHECK(c.disposition == Disposition::conflict);
    CHECK(c.status == Status::rejected);
    CHECK(c.first_code == Code::CONFLICT);
    CHECK(rig.pl().reported == 0);
    auto cur = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
    REQUIRE(cur->size() == 2);
    CHECK((*cur)[0].record.conflict);
    CHECK((*cur)[1].record.conflict);

    SUBCASE("resolved by the assigned monitor") {
        auto r = rig.one("+77010000003", "R 01004 A100 B100 C49 X5 T254");
        CHECK(r.disposition == Disposition::resolution);
        CHECK(r.status == Status::accepted);
        CHECK(rig.pl().reported == 1);
        auto now_cur = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
        REQUIRE(now_cur->size() == 1);
        CHECK_FALSE((*now_cur)[0].record.conflict);
    }
    SUBCASE("another non-assigned sender keeps it in conflict") {
        auto r = rig.one("+77010000004", "R 01004 A100 B100 C48 X5 T253");
        CHECK(r.disposition == Disposition::conflict);
        CHECK(rig.pl().reported == 0);
    }
    SUBCASE("resolved by an operator") {
        auto id = (*cur)[0].id;
        REQUIRE(rig.pipeline->resolve(id).ok());
        CHECK(rig.pl().reported == 1);
        auto now_cur = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
        REQUIRE(now_cur->size() == 1);
        CHECK((*now_cur)[0].id == id);
    }
}

TEST_CASE("rejected and unregistered reports are stored, never counted") {
    Rig rig;
    rig.open();
    auto bad = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T606");
    CHECK(bad.status == Status::rejected);
    CHECK(bad.disposition == Disposition::rejected);
    CHECK(bad.first_code == Code::CHECK_FAILED);
    auto stranger = rig.one("+77015550000", "R 01001 A100 B200 C300 X5 T605");
    CHECK(stranger.disposition == Disposition::unregistered);
    CHECK(stranger.first_code == Code::UNREGISTERED_SENDER);
    CHECK(rig.pl().reported == 0);
    auto all = rig.store->write([](store::Transaction& tx) { return tx.report_history("R", "01001"); });
    CHECK(all->size() == 2);
}

TEST_CASE("unregistered senders get a reply only inside the election's country, unless configured otherwise") {
    Rig rig;  // reply_unregistered = country, the default
    rig.open();
    auto home = rig.one("+77015550000", "R 01001 A1");
    CHECK(home.disposition == Disposition::unregistered);
    CHECK(home.reply_id);
    CHECK(rig.one("87015550001", "R 01001 A1").reply_id);  // dialled nationally: the same country
    for (const char* abroad : {"+919876543210", "+358401234567", "+447700900123"}) {
        CAPTURE(abroad);
        auto o = rig.one(abroad, "R 01001 A1");
        CHECK(o.disposition == Disposition::unregistered);  // stored and decided all the same
        CHECK_FALSE(o.reply_id);
        CHECK(o.reply_skipped == "unregistered sender outside +7 (reply_unregistered = country)");
    }
    rig.close();

    Rig all;
    all.options.reply_unregistered = UnregisteredReplies::all;
    all.open();
    CHECK(all.one("+447700900123", "R 01001 A1").reply_id);
    all.close();

    Rig none;
    none.options.reply_unregistered = UnregisteredReplies::none;
    none.open();
    auto o = none.one("+77015550000", "R 01001 A1");
    CHECK_FALSE(o.reply_id);
    CHECK(o.reply_skipped == "unregistered sender (reply_unregistered = none)");
    CHECK(none.one("+77010000001", "R 01001 A1").reply_id);  // monitors are never affected
    none.close();
}

TEST_CASE("incidents are stored, never counted; an identical resend is a duplicate") {
    Rig rig;
    rig.open();
    auto a = rig.one("+77010000001", "N 01001 1 2 @ observer asked to leave");
    CHECK(a.disposition == Disposition::incident);
    auto b = rig.one("+77010000001", "N 01001 2 1 @ observer asked to leave");
    CHECK(b.disposition == Disposition::duplicate);
    auto c = rig.one("+77010000001", "N 01001 3");
    CHECK(c.disposition == Disposition::incident);
    CHECK(rig.pl().reported == 0);
}

TEST_CASE("reply-loop guard: alphanumeric senders, short codes, own numbers, policy and hourly rate") {
    Rig rig;
    rig.options.replies_per_sender_per_hour = 3;
    rig.open();
    CHECK_FALSE(rig.one("Beeline", "Your balance is low").reply_id);
    CHECK_FALSE(rig.one("1414", "promo").reply_id);
    auto own = rig.one("+77019999999", "OK R 01001 #ABCD");
    CHECK_FALSE(own.reply_id);
    CHECK(own.reply_skipped.find("own number") != std::string::npos);
    for (int i = 0; i < 3; ++i) CHECK(rig.one("+77010000001", "R 01001 A" + std::to_string(i)).reply_id);
    auto limited = rig.one("+77010000001", "R 01001 A9");
    CHECK_FALSE(limited.reply_id);
    CHECK(limited.reply_skipped.find("rate limit") != std::string::npos);
    rig.now += 61min;
    CHECK(rig.one("+77010000001", "R 01001 A8").reply_id);
}

TEST_CASE("reply policy 'rejected' answers only rejected reports") {
    Rig rig;
    rig.options.reply_policy = ReplyPolicy::rejected_only;
    rig.open();
    CHECK_FALSE(rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605").reply_id);
    CHECK(rig.one("+77010000001", "R 01001 A1").reply_id);
}

TEST_CASE("replies are in the monitor's language and end with the reference") {
    Rig rig;
    rig.open();
    auto ru = rig.one("+77010000002", "R 01002 A1");  // ru monitor, missing tags
    auto text = rig.store->write([&](store::Transaction& tx) { return tx.reply(*ru.reply_id); });
    REQUIRE(text->has_value());
    CHECK((*text)->record.text.rfind("ОШИБКА", 0) == 0);
    CHECK((*text)->record.text.find(ru.reference) != std::string::npos);
}

TEST_CASE("reply-loop guard: the own number in another notation, the hourly budget per number, across a restart") {
    Rig rig;
    rig.options.replies_per_sender_per_hour = 2;
    rig.open();
    auto own = rig.one("87019999999", "R 01001 A1");  // +77019999999 as dialled nationally
    CHECK_FALSE(own.reply_id);
    CHECK(own.reply_skipped.find("own number") != std::string::npos);
    CHECK(rig.one("+77010000001", "R 01001 A1").reply_id);
    rig.now += std::chrono::minutes(30);
    CHECK(rig.one("+77010000001", "R 01001 A2").reply_id);
    CHECK(rig.one("+77010000006", "R 02001 A1").reply_id);  // another number has its own budget
    rig.close();
    rig.open();  // the budget is counted in the store, so a restart does not reset it
    auto limited = rig.one("+77010000001", "R 01001 A3");
    CHECK_FALSE(limited.reply_id);
    CHECK(limited.reply_skipped.find("rate limit") != std::string::npos);
    CHECK(limited.disposition == Disposition::rejected);  // stored and decided all the same
    rig.now += std::chrono::minutes(31);        // the first reply is now over an hour old
    CHECK(rig.one("+77010000001", "R 01001 A4").reply_id);
    CHECK_FALSE(rig.one("+77010000001", "R 01001 A5").reply_id);

    // Every skipped reply leaves an event saying why.
    store::StoreReader reader((rig.dir / "smsgw.db").string());
    auto events = reader.events_since();
    REQUIRE(events.ok());
    int own_events = 0, rate_events = 0;
    for (const auto& e : *events) {
        if (e.category != "reply") continue;
        own_events += e.text.find("own number") != std::string::npos;
        rate_events += e.text.find("rate limit") != std::string::npos;
    }
    CHECK(own_events == 1);
    CHECK(rate_events == 2);
}

TEST_CASE("reply policy 'none' stores and decides everything but queues no reply") {
    Rig rig;
    rig.options.reply_policy = ReplyPolicy::none;
    rig.open();
    auto o = rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    CHECK(o.disposition == Disposition::new_report);
    CHECK_FALSE(o.reply_id);
    CHECK(o.reply_skipped == "reply_policy = none");
    CHECK(rig.pl().reported == 1);
}
