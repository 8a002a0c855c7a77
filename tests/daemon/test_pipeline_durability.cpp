// Pipeline durability: redelivery, crashes at every step, multipart linking and timeouts, failed commits, resume.
#include "pipeline_rig.hpp"

#include "daemon/quickcount/estimates_json.hpp"

#include <sqlite3.h>

#include <random>

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

namespace {

// One coordinator's two 2-part reports, both with reference 0x42, the second sent a minute after
// the first; returned as (first part 1, first part 2, second part 1, second part 2).
std::vector<ReceivedPart> two_reports_one_reference(Rig& rig) {
    const std::string a = "R 01001 A100 B200 C300 X5 T605", b = "R 02001 A10 B20 C30 X1 T61";
    std::vector<ReceivedPart> parts;
    parts.push_back(rig.sms("+77010000005", a.substr(0, 13), 0x42, 1, 2));
    parts.push_back(rig.sms("+77010000005", a.substr(13), 0x42, 2, 2));
    rig.smsc_second += 60;
    parts.push_back(rig.sms("+77010000005", b.substr(0, 13), 0x42, 1, 2));
    parts.push_back(rig.sms("+77010000005", b.substr(13), 0x42, 2, 2));
    return parts;
}

void check_both_counted_once(Rig& rig, const std::vector<MessageOutcome>& got) {
    REQUIRE(got.size() == 2);
    CHECK(got[0].text == "R 01001 A100 B200 C300 X5 T605");
    CHECK(got[1].text == "R 02001 A10 B20 C30 X1 T61");
    for (const auto& o : got) {
        CHECK(o.status == Status::accepted);
        CHECK_FALSE(o.incomplete);
    }
    CHECK(count_reports(rig) == 2);
    CHECK(rig.pl().reported == 2);
    CHECK_FALSE(rig.pipeline->next_multipart_deadline());
    const std::string live = estimates_json(rig.qc->estimate());
    rig.close();
    CHECK(rig.open().empty());
    CHECK(estimates_json(rig.qc->estimate()) == live);
    CHECK(rig.pl().reported == 2);
}

}  // namespace

TEST_CASE("one sender reusing a reference for two interleaved 2-part reports: both stored and counted once each") {
    Rig rig;
    rig.open();
    const auto p = two_reports_one_reference(rig);
    std::vector<MessageOutcome> got;
    for (const auto& part : {p[0], p[2], p[1], p[3]}) {  // 1.1, 2.1, 1.2, 2.2
        auto r = rig.feed({part});
        REQUIRE(r.ack.committed);
        for (auto& o : r.outcomes) got.push_back(std::move(o));
    }
    check_both_counted_once(rig, got);
}

TEST_CASE("one sender reusing a reference, a restart between the first parts and the second: both counted once each") {
    Rig rig;
    rig.open();
    const auto p = two_reports_one_reference(rig);
    CHECK(rig.feed({p[0], p[2]}).outcomes.empty());
    rig.close();
    CHECK(rig.open().empty());  // both waiting messages rebuilt from the stored parts
    auto r = rig.feed({p[1], p[3]});
    REQUIRE(r.ack.committed);
    check_both_counted_once(rig, r.outcomes);
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
    CHECK((*released)[0].first_code == Code::PARTIAL);
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
    FakeModem sim1{"sim1"};
    FakeModems modems;
    modems.list = {&sim1};
    Outbox outbox(*rig.store, modems, {}, [&] { return rig.now; });
    REQUIRE(outbox.dispatch().ok());
    REQUIRE(sim1.sent.size() == 1);
    rig.close();  // the modem never answered
    rig.open();
    Outbox again(*rig.store, modems, {}, [&] { return rig.now; });
    sim1.sent.clear();
    REQUIRE(again.dispatch().ok());
    REQUIRE(sim1.sent.size() == 1);
    CHECK(sim1.sent[0].reply_id == *o.reply_id);
    auto st = again.on_result({"sim1", *o.reply_id, true, 1, 12, ""});
    REQUIRE(st.ok());
    CHECK(*st == store::ReplyStatus::sent);
}

TEST_CASE("crash after the ack while the modem had deleted only part of the batch: the rest comes again, as no-ops") {
    Rig rig;
    rig.open();
    auto b = rig.batch({rig.sms("+77010000001", "R 01001 A100 B200 C300 X5 T605"),
                        rig.sms("+77010000006", "R 02001 A10 B20 C30 X1 T61"),
                        rig.sms("+77010000007", "R 02002 A1 B2 C3 X0 T6")});
    REQUIRE(rig.pipeline->ingest(b).ack.committed);
    rig.close();  // the modem deleted location 1, then the daemon was killed
    rig.open();
    auto again = rig.feed({b.parts[1], b.parts[2], rig.sms("87010000002", "R 01002 A300 B300 C100 X10 T710")});
    REQUIRE(again.ack.committed);
    CHECK(again.ack.locations == std::vector<int>{b.parts[1].location, b.parts[2].location, 4});
    REQUIRE(again.outcomes.size() == 1);
    CHECK(again.outcomes[0].sender == "87010000002");
    CHECK(count_reports(rig) == 4);
    CHECK(rig.pl().reported == 4);
}

TEST_CASE("killed after a failed commit in the middle of a batch: after the restart the batch is processed once") {
    Rig rig;
    rig.faulty = true;
    rig.open();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    auto b = rig.batch({rig.sms("+77010000006", "R 02001 A10 B20 C30 X1 T61"), rig.sms("+77010000007", "R 02002 A1 B2 C3 X0 T6"),
                        rig.sms("+77010000001", "R 01001 A300 B200 C100 X5 T605")});
    auto& faults = store::storage_faults();
    faults.writes_left = 2;  // the WAL gets a few pages of the batch, then the disk is full
    auto failed = rig.pipeline->ingest(b);
    CHECK_FALSE(failed.ack.committed);
    CHECK(failed.outcomes.empty());
    CHECK(faults.injected > 0);
    rig.close();
    faults.clear();
    rig.open();
    CHECK(count_reports(rig) == 1);
    auto retried = rig.pipeline->ingest(b);
    REQUIRE(retried.ack.committed);
    REQUIRE(retried.outcomes.size() == 3);
    CHECK(retried.outcomes[2].disposition == Disposition::correction);
    CHECK(count_reports(rig) == 4);
    CHECK(rig.pl().reported == 3);
}

TEST_CASE("while the store cannot even be read the linker is not trusted: nothing is ingested until it is rebuilt") {
    Rig rig;
    rig.busy_timeout_ms = 20;
    rig.open();
    CHECK(rig.feed({rig.sms("+77010000006", "R 02001 A10 B20 ", 3, 1, 2)}).outcomes.empty());
    const ReceivedPart last = rig.sms("+77010000006", "C30 X1 T61", 3, 2, 2);

    // Another process holds the write lock (a stuck `sqlite3` shell, say).
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open((rig.dir / "smsgw.db").c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto failed = rig.feed({last});
    CHECK_FALSE(failed.ack.committed);
    REQUIRE(failed.error);
    CHECK((failed.error->code & 0xff) == SQLITE_BUSY);
    CHECK_FALSE(rig.feed({last}).ack.committed);  // the rebuild fails first; the batch is not tried
    CHECK_FALSE(rig.pipeline->expire_multipart().ok());
    REQUIRE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);

    auto done = rig.feed({last});
    REQUIRE(done.ack.committed);
    REQUIRE(done.outcomes.size() == 1);
    CHECK(done.outcomes[0].text == "R 02001 A10 B20 C30 X1 T61");
    CHECK(rig.pl().reported == 1);
}

TEST_CASE("a message stored but never processed is processed at start-up") {
    Rig rig;
    rig.open();
    ReceivedPart p = rig.sms("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    auto recorded = rig.store->write([&](store::Transaction& tx) -> store::Result<std::int64_t> {
        std::vector<ingest::Part> parts = {{p.modem, p.imei, p.location, p.sender, p.smsc_time, p.received_at, -1, 0, 0,
                                            p.text, p.coding}};
        auto stored = tx.store_parts(parts);
        if (!stored) return stored.error();
        ingest::AssembledMessage m;
        m.modem = p.modem;
        m.imei = p.imei;
        m.sender = p.sender;
        m.smsc_time = p.smsc_time;
        m.received_at = p.received_at;
        m.text = p.text;
        m.coding = p.coding;
        m.part_ids = {stored->stored.at(0).id};
        return tx.record_message(m);
    });
    REQUIRE(recorded.ok());
    rig.close();
    auto resumed = rig.open();
    REQUIRE(resumed.size() == 1);
    CHECK(resumed[0].message_id == *recorded);
    CHECK(resumed[0].disposition == Disposition::new_report);
    CHECK(resumed[0].reply_id.has_value());
    CHECK(rig.pl().reported == 1);
    rig.close();
    CHECK(rig.open().empty());  // processed once
    CHECK(rig.feed({p}).outcomes.empty());  // and the SIM's copy is a duplicate
}

TEST_CASE("a multipart group incomplete at shutdown keeps its deadline across the restart") {
    Rig rig;
    rig.options.multipart_timeout = 600s;
    rig.open();
    const auto first_received = rig.now;
    CHECK(rig.feed({rig.sms("+77010000001", "N 01001 1 2 @ long", 5, 1, 2)}).outcomes.empty());
    rig.close();
    rig.now += 300s;
    CHECK(rig.open().empty());
    REQUIRE(rig.pipeline->next_multipart_deadline());
    CHECK(*rig.pipeline->next_multipart_deadline() == first_received + 600s);
    rig.close();
    rig.now += 301s;  // down while the deadline passed
    auto resumed = rig.open();
    REQUIRE(resumed.size() == 1);
    CHECK(resumed[0].incomplete);
    CHECK(resumed[0].first_code == Code::PARTIAL);
    CHECK(resumed[0].text == "N 01001 1 2 @ long[...]");
    CHECK_FALSE(rig.pipeline->next_multipart_deadline());
}

TEST_CASE("many senders' multipart messages sharing references, shuffled over batches and a restart, each assembled from its own parts") {
    Rig rig;
    rig.open();
    std::vector<std::string> senders = {"+77010000001", "87010000002", "+77010000003", "+77010000004",
                                        "+77010000005", "77010000006", "+77010000007"};
    for (int i = 0; i < 9; ++i) senders.push_back("+7705123450" + std::to_string(i));
    struct Expect {
        std::string sender, text;
    };
    std::vector<Expect> expected;
    std::vector<ReceivedPart> parts;
    for (std::size_t s = 0; s < senders.size(); ++s) {
        // Every sender uses reference 7 for a 3-part message, and reference 7 again for a 2-part one
        // (another group: the total differs), and some a reference another sender also uses.
        const std::string three = "N 01001 1 @ sender " + std::to_string(s) + " part one, two, three";
        const std::string two = "N 01001 2 @ sender " + std::to_string(s) + " again";
        expected.push_back({senders[s], three});
        expected.push_back({senders[s], two});
        const std::size_t a = three.size() / 3, b = 2 * three.size() / 3;
        parts.push_back(rig.sms(senders[s], three.substr(0, a), 7, 1, 3));
        parts.push_back(rig.sms(senders[s], three.substr(a, b - a), 7, 2, 3));
        parts.push_back(rig.sms(senders[s], three.substr(b), 7, 3, 3));
        parts.push_back(rig.sms(senders[s], two.substr(0, 8), 7, 1, 2));
        parts.push_back(rig.sms(senders[s], two.substr(8), 7, 2, 2));
    }
    std::mt19937 rng(7);
    std::shuffle(parts.begin(), parts.end(), rng);
    std::vector<MessageOutcome> got;
    for (std::size_t i = 0; i < parts.size(); i += 6) {
        std::vector<ReceivedPart> batch(parts.begin() + static_cast<std::ptrdiff_t>(i),
                                        parts.begin() + static_cast<std::ptrdiff_t>(std::min(i + 6, parts.size())));
        auto r = rig.feed(batch);
        REQUIRE(r.ack.committed);
        for (auto& o : r.outcomes) got.push_back(std::move(o));
        if (i == 36) {
            rig.close();  // half the groups are open: they come back from the stored parts
            CHECK(rig.open().empty());
        }
    }
    REQUIRE(got.size() == expected.size());
    for (const auto& e : expected) {
        auto it = std::find_if(got.begin(), got.end(), [&](const MessageOutcome& o) { return o.sender == e.sender && o.text == e.text; });
        CHECK_MESSAGE(it != got.end(), e.sender << " never got \"" << e.text << "\"");
    }
    for (const auto& o : got) CHECK_FALSE(o.incomplete);
    CHECK_FALSE(rig.pipeline->next_multipart_deadline());
}
